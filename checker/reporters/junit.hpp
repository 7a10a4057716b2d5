#pragma once
// JUnit XML in the conservative Ant shape that validates against both schemas/junit.xsd
// (windyroad) and the Jenkins xUnit junit-10.xsd:
//   <testsuites> with one <testsuite> per rule area (sorted), one <testcase> per result named
//   "[SEVERITY] rule-id (target)", classname "mtaudit.<area>"; fail -> <failure type=severity>,
//   error -> <error type="CheckError">, skip -> <skipped> ("waived: ..." for a waiver), with the
//   evidence as element text. Passes are included: for an audit they are the evidence.
// The schema requires a suite timestamp; without RunResult.timestamp it is the epoch
// (1970-01-01T00:00:00) so output stays reproducible. hostname is always "localhost".
#include <string>

#include "engine/result.hpp"

namespace mtaudit::reporters {

std::string render_junit(const engine::RunResult& run);

}  // namespace mtaudit::reporters

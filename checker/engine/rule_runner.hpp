#pragma once
// Runs one rule (with its profile-effective severity and params) over the fact tree:
// for_each and where pick the targets, when decides applicability, check decides
// pass or fail. Gaps and missing facts become skip or error results, never pass.
#include <vector>

#include "engine/profiles.hpp"
#include "engine/result.hpp"
#include "facts/fact.hpp"

namespace mtaudit::engine {

std::vector<Result> run_rule(const EffectiveRule& rule, const facts::Fact& root);

}  // namespace mtaudit::engine

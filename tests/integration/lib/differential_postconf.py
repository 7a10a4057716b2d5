#!/usr/bin/python3
"""Differential test of `mtaudit config` against the real postconf(1) (Debian 3.7.11).

usage: differential_postconf.py MTAUDIT_BIN SOURCE_DIR [FIXTURE_REGEX]

For every fixtures/postfix/<name>/ under SOURCE_DIR:
  0. `postconf -c DIR -n` must succeed (a fixture postconf rejects is a failure);
  1. PARAMS = every name of `postconf -c DIR -H` matching NAME_RE, plus every name of
     `postconf -c DIR -nH` (set in main.cf and known to postconf), sorted;
  2. (a) `mtaudit config --config-dir DIR -x PARAMS` == `postconf -c DIR -x PARAMS`
     (b) `mtaudit config --config-dir DIR PARAMS`    == `postconf -c DIR PARAMS`
  3. (c) for every master.cf NAME/TYPE with -o overrides:
     `mtaudit config --config-dir DIR --service NAME/TYPE -x PARAMS+O`
       == `postconf -c DIR -o N1=V1 ... -x PARAMS+O`
     where N=V are the -o settings of the last entry with that NAME/TYPE (see
     postconf_master.py) and O are the override names postconf knows.
Stdout must be byte-identical and both exit statuses 0. Prints one line per fixture, the
first DIFF_LINES lines of a unified diff for each difference, and one closing line
"N passed, N failed" (one count per comparison). Exit status 1 if anything failed.
"""

import concurrent.futures
import difflib
import os
import re
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import postconf_master  # noqa: E402  (sibling helper)

POSTCONF = postconf_master.POSTCONF
NAME_RE = re.compile(
    r"tls|sasl|dns|ssl|cipher|proto|compat|cert|dane|mx|host|domain|origin"
    r"|destination|relay|lookup|myhostname|directory")
DIFF_LINES = 40
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")


def run(argv):
    try:
        proc = subprocess.run(argv, capture_output=True)
    except OSError as err:  # e.g. MTAUDIT_BIN does not exist
        return 127, b"", str(err).encode()
    return proc.returncode, proc.stdout, proc.stderr


def text(data):
    return data.decode("utf-8", "surrogateescape")


def first_lines(data, count=5):
    return "\n".join(text(data).splitlines()[:count])


class Fixture:
    """One fixture directory and the comparison results collected for it."""

    def __init__(self, mtaudit, path):
        self.m_mtaudit = mtaudit
        self.m_dir = path
        self.m_name = os.path.basename(path)
        self.m_passed = 0
        self.m_failed = 0
        self.m_messages = []
        self.m_volatile = set()

    def fail(self, message):
        self.m_failed += 1
        self.m_messages.append(message)

    def postconf_lines(self, *args):
        code, out, err = run([POSTCONF, "-c", self.m_dir] + list(args))
        if code != 0:
            raise RuntimeError("postconf %s exited %d: %s" % (" ".join(args), code, first_lines(err)))
        return text(out).splitlines()

    def check_parses(self):
        # A fixture without master.cf is allowed: postconf warns and goes on without services.
        if not os.path.isfile(os.path.join(self.m_dir, "main.cf")):
            self.fail("missing main.cf")
            return False
        code, _, err = run([POSTCONF, "-c", self.m_dir, "-n"])
        if code != 0 or b"fatal:" in err:
            self.fail("postconf itself rejects this fixture (exit %d): %s" % (code, first_lines(err)))
            return False
        return True

    def stable_reference(self, reference_prefix, names):
        """(names, postconf result) with names dropped whose value differs between runs.

        Such values contain $process_id (e.g. upstream's debugger_command); they can never
        compare equal across processes.
        """
        first = run(reference_prefix + names)
        second = run(reference_prefix + names)
        pairs = zip(first[1].splitlines(), second[1].splitlines())
        volatile = set(text(a.split(b" = ")[0]) for a, b in pairs if a != b)
        if not volatile:
            return names, first
        self.m_volatile |= volatile
        names = [n for n in names if n not in volatile]
        return names, run(reference_prefix + names)

    def compare(self, label, reference, mtaudit_argv):
        """reference: an argv to run, or an already collected (code, stdout, stderr)."""
        ref_code, ref_out, ref_err = run(reference) if isinstance(reference[0], str) else reference
        got_code, got_out, got_err = run(mtaudit_argv)
        problems = []
        if ref_code != 0:
            problems.append("postconf exited %d: %s" % (ref_code, first_lines(ref_err)))
        if got_code != 0:
            problems.append("mtaudit exited %d: %s" % (got_code, first_lines(got_err)))
        if ref_out != got_out:
            diff = difflib.unified_diff(
                text(ref_out).splitlines(), text(got_out).splitlines(),
                "postconf", "mtaudit", n=1, lineterm="")
            problems.append("\n".join(list(diff)[:DIFF_LINES]))
        if problems:
            options = [a for a in mtaudit_argv[2:] if not NAME_PATTERN.match(a)]
            count = len(mtaudit_argv) - 2 - len(options)
            command = "mtaudit config %s <%d params>" % (" ".join(options), count)
            self.fail(">> %s [%s]: %s\n%s" % (self.m_name, label, command, "\n".join(problems)))
        else:
            self.m_passed += 1

    def run_all(self):
        if not self.check_parses():
            return "0 params, 0 services"
        known = self.postconf_lines("-H")
        params = sorted(set(n for n in known if NAME_RE.search(n)) | set(self.postconf_lines("-nH")))
        base = [self.m_mtaudit, "config", "--config-dir", self.m_dir]
        expanded, reference = self.stable_reference([POSTCONF, "-c", self.m_dir, "-x"], params)
        self.compare("-x", reference, base + ["-x"] + expanded)
        self.compare("raw", [POSTCONF, "-c", self.m_dir] + params, base + params)
        entries = postconf_master.read_entries(self.m_dir)
        services = postconf_master.services_with_overrides(entries)
        self.check_against_dash_p(entries, services)
        for key, overrides in services.items():
            opts = [arg for n, v in overrides for arg in ("-o", n + "=" + v)]
            # An override can make a user-defined main.cf name unreferenced, hence unknown.
            known_here = set(self.postconf_lines(*(opts + ["-H"])))
            extra = set(n for n, _ in overrides if n in known_here) - set(params)
            names = [n for n in params if n in known_here] + sorted(extra)
            names, reference = self.stable_reference([POSTCONF, "-c", self.m_dir] + opts + ["-x"], names)
            self.compare("service " + key, reference, base + ["--service", key, "-x"] + names)
        summary = "%d params, %d services" % (len(params), len(services))
        if self.m_volatile:
            summary += "; -x skips volatile " + ", ".join(sorted(self.m_volatile))
        return summary

    def check_against_dash_p(self, entries, services):
        """Self-check of postconf_master: for unique NAME/TYPE keys it must agree with -P."""
        if not entries:
            return  # no master.cf: postconf -P is fatal, and there is nothing to compare
        keys = [key for key, _ in entries]
        expected = {}
        for line in self.postconf_lines("-P"):
            head, _, rest = line.partition(" =")
            key, _, name = head.rpartition("/")
            expected.setdefault(key, {})[name] = rest[1:] if rest.startswith(" ") else rest
        for key, overrides in services.items():
            if keys.count(key) != 1:
                continue
            mine = {n: " ".join(v.split()) for n, v in overrides}
            if mine != expected.get(key, {}):
                self.fail("harness: -M parse of %s disagrees with postconf -P: %r != %r"
                          % (key, mine, expected.get(key, {})))


def fixture_dirs(source_dir, pattern):
    root = os.path.join(os.path.abspath(source_dir), "fixtures", "postfix")
    names = sorted(n for n in os.listdir(root) if os.path.isdir(os.path.join(root, n)))
    return [os.path.join(root, n) for n in names if re.search(pattern, n)]


def check_fixture(mtaudit, path):
    fixture = Fixture(mtaudit, path)
    try:
        summary = fixture.run_all()
    except (RuntimeError, ValueError) as err:
        fixture.fail("harness error: %s" % err)
        summary = "harness error"
    return fixture, summary


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write(__doc__)
        return 2
    mtaudit = os.path.abspath(argv[1]) if os.sep in argv[1] else argv[1]
    try:
        paths = fixture_dirs(argv[2], argv[3] if len(argv) == 4 else "")
    except OSError as err:
        sys.stderr.write("differential_postconf: no fixtures: %s\n" % err)
        return 2
    jobs = int(os.environ.get("DIFF_JOBS", "2"))
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet exit when piped into head
    passed = failed = 0
    # Fixtures are independent and the work is all child processes: run a few at once
    # (the machine has 2 cores), report in fixture order.
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for fixture, summary in pool.map(lambda p: check_fixture(mtaudit, p), paths):
            status = "ok" if fixture.m_failed == 0 else "FAIL"
            print("%s %s (%s)" % (status, fixture.m_name, summary))
            for message in fixture.m_messages:
                print(message)
            passed += fixture.m_passed
            failed += fixture.m_failed
            sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

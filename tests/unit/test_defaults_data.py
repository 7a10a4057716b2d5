#!/usr/bin/env python3
"""Checks the generated Postfix defaults in checker/collectors/postfix_config/defaults.

Run: python3 tests/unit/test_defaults_data.py   (exit status non-zero on failure)

- file format (postconf -d style, byte-sorted, collapsed whitespace, no duplicates);
- the TLS facts of postfix-tls-semantics.md section 3.2 for every version 3.4 .. 3.11;
- tools/gen-defaults.py reproduces the committed files byte for byte;
- postfix-3.7.cf equals `postconf -d` of the installed Postfix 3.7.11 run with an empty
  main.cf and master.cf (skipped, with the reason printed, when postconf is absent);
- service-parameters.txt matches the names the installed postconf derives from master.cf.
"""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULTS_DIR = os.path.join(REPO, "checker", "collectors", "postfix_config", "defaults")
GENERATOR = os.path.join(REPO, "tools", "gen-defaults.py")
REFERENCE_DIR = os.path.join(REPO, "..", "shared", "reference")
VERSIONS = ["3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11"]
LINE_RE = re.compile(r"^([A-Za-z0-9_]+) =(?: (\S(?:.*\S)?))?$")
# Values that depend on the host or on the postconf process, not on the build.
HOST_DEPENDENT = ("myhostname", "mydomain", "mynetworks")

OLD_HIGH = "aNULL:-aNULL:HIGH:@STRENGTH"
NEW_HIGH = "aNULL:-aNULL:HIGH:!SEED:!IDEA:!3DES:!RC2:!RC4:!RC5:!kDH:!kECDH:!aDSS:!MD5:@STRENGTH"
OLD_MEDIUM = "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH"
NEW_MEDIUM = ("aNULL:-aNULL:HIGH:MEDIUM:!SEED:!IDEA:!3DES:!RC2:!RC4:!RC5:!kDH:!kECDH:!aDSS:"
              "!MD5:+RC4:@STRENGTH")
FINGERPRINT_COND = "${{$compatibility_level} <level {3.6} ? {md5} : {sha256}}"
DANE_COND = "${{$smtp_tls_security_level} == {dane} ? {dane} : {may}}"
OLD_CURVES = "X25519 X448 prime256v1 secp521r1 secp384r1"
ABSENT = None


def load_defaults(version):
    """Return (header lines, body lines, {name: value}) of postfix-<version>.cf."""
    with open(os.path.join(DEFAULTS_DIR, f"postfix-{version}.cf"), encoding="utf-8") as fp:
        lines = fp.read().split("\n")
    assert lines[-1] == "", f"postfix-{version}.cf must end with a newline"
    lines = lines[:-1]
    header = [line for line in lines if line.startswith("#")]
    body = lines[len(header):]
    params = {}
    for line in body:
        match = LINE_RE.match(line)
        assert match, f"postfix-{version}.cf: bad line {line!r}"
        params[match.group(1)] = match.group(2) or ""
    return header, body, params


def by_version(spec):
    """Expand {"3.4-3.5": v1, "3.6-3.11": v2} into {version: value}."""
    out = {}
    for span, value in spec.items():
        first, _, last = span.partition("-")
        last = last or first
        for version in VERSIONS[VERSIONS.index(first):VERSIONS.index(last) + 1]:
            out[version] = value
    assert sorted(out, key=VERSIONS.index) == VERSIONS, spec
    return out


def all_versions(value):
    return by_version({"3.4-3.11": value})


# Section 3.2 of postfix-tls-semantics.md, as release x.0 values (3.7 is 3.7.11).
TLS_FACTS = {
    "smtpd_tls_security_level": all_versions(""),
    "smtpd_use_tls": all_versions("no"),
    "smtpd_enforce_tls": all_versions("no"),
    "smtp_tls_security_level": by_version({
        "3.4-3.10": "", "3.11": "${{$compatibility_level} <level {3.11} ? {} : {may}}"}),
    "smtp_tls_enforce_peername": all_versions("yes"),
    "lmtp_tls_security_level": all_versions(""),
    "smtpd_tls_ciphers": all_versions("medium"),
    "smtp_tls_ciphers": all_versions("medium"),
    "smtpd_tls_mandatory_ciphers": all_versions("medium"),
    "smtp_tls_mandatory_ciphers": all_versions("medium"),
    "smtpd_tls_exclude_ciphers": all_versions(""),
    "tls_high_cipherlist": by_version({"3.4-3.7": OLD_HIGH, "3.8-3.11": NEW_HIGH}),
    "tls_medium_cipherlist": by_version({"3.4-3.7": OLD_MEDIUM, "3.8-3.11": NEW_MEDIUM}),
    "tls_low_cipherlist": by_version({
        "3.4-3.7": "aNULL:-aNULL:HIGH:MEDIUM:LOW:+RC4:@STRENGTH", "3.8-3.11": ""}),
    "tls_export_cipherlist": by_version({
        "3.4-3.7": "aNULL:-aNULL:HIGH:MEDIUM:LOW:EXPORT:+RC4:@STRENGTH", "3.8-3.11": ""}),
    "tls_null_cipherlist": by_version({
        "3.4-3.7": "eNULL:!aNULL", "3.8-3.11": "eNULL:!kDH:!kECDH:!aDSS:!MD5:!aNULL"}),
    "tls_preempt_cipherlist": all_versions("no"),
    "tls_ssl_options": all_versions(""),
    "tls_disable_workarounds": all_versions(""),
    "smtpd_tls_eecdh_grade": all_versions("auto"),
    "tls_eecdh_strong_curve": all_versions("prime256v1"),
    "tls_eecdh_ultra_curve": all_versions("secp384r1"),
    "tls_eecdh_auto_curves": by_version({
        "3.4-3.9": OLD_CURVES, "3.10": "X25519 X448 prime256v1 secp384r1 secp521r1",
        "3.11": "?X25519MLKEM768:DEFAULT"}),
    "tls_ffdhe_auto_groups": by_version({
        "3.4-3.7": ABSENT, "3.8-3.10": "ffdhe2048 ffdhe3072", "3.11": ""}),
    "smtpd_tls_dh1024_param_file": all_versions(""),
    "smtpd_tls_dh512_param_file": all_versions(""),
    "tls_legacy_public_key_fingerprints": by_version({"3.4-3.10": "no", "3.11": ABSENT}),
    "smtp_tls_dane_insecure_mx_policy": by_version({
        "3.4-3.5": "dane", "3.6-3.9": DANE_COND, "3.10-3.11": "dane"}),
    "tls_dane_digests": all_versions("sha512 sha256"),
    "smtp_dns_support_level": all_versions(""),
    "smtp_host_lookup": all_versions("dns"),
    "smtpd_tls_cert_file": all_versions(""),
    "smtpd_tls_key_file": all_versions("$smtpd_tls_cert_file"),
    "smtpd_tls_eckey_file": all_versions("$smtpd_tls_eccert_file"),
    "smtpd_tls_dkey_file": all_versions("$smtpd_tls_dcert_file"),
    "smtpd_tls_chain_files": all_versions(""),
    "smtp_tls_chain_files": all_versions(""),
    "tls_server_sni_maps": all_versions(""),
    "smtp_tls_servername": all_versions(""),
    "smtpd_tls_auth_only": all_versions("no"),
    "smtpd_sasl_auth_enable": all_versions("no"),
    "smtpd_tls_wrappermode": all_versions("no"),
    "smtp_tls_wrappermode": all_versions("no"),
    "smtpd_tls_session_cache_database": all_versions(""),
    "smtp_tls_session_cache_database": all_versions(""),
    "smtpd_tls_session_cache_timeout": all_versions("3600s"),
    "smtp_tls_session_cache_timeout": all_versions("3600s"),
    "smtp_tls_connection_reuse": all_versions("no"),
    "smtpd_tls_loglevel": all_versions("0"),
    "smtp_tls_loglevel": all_versions("0"),
    "smtp_tls_note_starttls_offer": all_versions("no"),
    "smtpd_tls_received_header": all_versions("no"),
    "smtpd_tls_ask_ccert": all_versions("no"),
    "smtpd_tls_req_ccert": all_versions("no"),
    "smtp_tls_CAfile": all_versions(""),
    "smtpd_tls_CApath": all_versions(""),
    "tls_append_default_CA": all_versions("no"),
    "smtp_tls_verify_cert_match": all_versions("hostname"),
    "smtp_tls_secure_cert_match": all_versions("nexthop, dot-nexthop"),
    # 3.7 is 3.7.11 (tls_config_* since 3.7.6); 3.8.0 predates 3.8.1.
    "tls_config_file": by_version({
        "3.4-3.6": ABSENT, "3.7": "default", "3.8": ABSENT, "3.9-3.11": "default"}),
    "tls_config_name": by_version({
        "3.4-3.6": ABSENT, "3.7": "", "3.8": ABSENT, "3.9-3.11": ""}),
    "tls_fast_shutdown_enable": by_version({"3.4": ABSENT, "3.5-3.11": "yes"}),
    "known_tcp_ports": by_version({
        "3.4-3.5": ABSENT,
        "3.6-3.11": "lmtp=24, smtp=25, smtps=submissions=465, submission=587"}),
    "smtpd_starttls_timeout": all_versions("${stress?{10}:{300}}s"),
    "tlsproxy_client_security_level": by_version({
        "3.4-3.6": ABSENT, "3.7-3.10": "${tlsproxy_client_level:$smtp_tls_security_level}",
        "3.11": "${tlsproxy_client_level?{$tlsproxy_client_level}:{$smtp_tls_security_level}}"}),
    "tlsproxy_client_level": by_version({
        "3.4-3.6": "$smtp_tls_security_level", "3.7-3.11": ABSENT}),
    "smtpd_tls_enable_rpk": by_version({"3.4-3.8": ABSENT, "3.9-3.11": "no"}),
    "smtp_tls_enable_rpk": by_version({"3.4-3.8": ABSENT, "3.9-3.11": "no"}),
    "smtp_tlsrpt_enable": by_version({"3.4-3.9": ABSENT, "3.10-3.11": "no"}),
    "requiretls_enable": by_version({"3.4-3.10": ABSENT, "3.11": "yes"}),
    "compatibility_level": all_versions("0"),
}
for _prefix in ("smtpd", "smtp", "lmtp"):
    TLS_FACTS[f"{_prefix}_tls_fingerprint_digest"] = by_version(
        {"3.4-3.5": "md5", "3.6-3.11": FINGERPRINT_COND})
    for _kind in ("", "mandatory_"):
        TLS_FACTS[f"{_prefix}_tls_{_kind}protocols"] = by_version(
            {"3.4-3.5": "!SSLv2, !SSLv3", "3.6-3.11": ">=TLSv1"})

# Debian 3.7.11 build settings apply to every version.
BUILD_FACTS = {
    "config_directory": "/etc/postfix",
    "daemon_directory": "/usr/lib/postfix/sbin",
    "command_directory": "/usr/sbin",
    "html_directory": "/usr/share/doc/postfix/html",
    "alias_maps": "hash:/etc/aliases, nis:mail.aliases",
    "default_database_type": "hash",
    "process_id": "0",
    "process_name": "postconf",
}


def load_generator():
    spec = importlib.util.spec_from_file_location("gen_defaults", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_postconf(args):
    return subprocess.run(["postconf"] + args, capture_output=True, text=True, check=False)


def skip_without_postconf(test):
    if shutil.which("postconf") is None:
        reason = "postconf is not installed; live comparison not run"
        print(f"SKIP {test.id()}: {reason}", file=sys.stderr)
        test.skipTest(reason)


class FormatTest(unittest.TestCase):
    def test_every_version_file_is_postconf_d_format(self):
        for version in VERSIONS:
            with self.subTest(version=version):
                header, body, params = load_defaults(version)
                self.assertGreaterEqual(len(header), 3)
                self.assertIn("GENERATED by tools/gen-defaults.py", "\n".join(header))
                names = [line.split(" ", 1)[0] for line in body]
                self.assertEqual(names, sorted(names, key=lambda s: s.encode()))
                self.assertEqual(len(names), len(set(names)))
                self.assertEqual([line for line in body if "  " in line or "\t" in line], [])
                self.assertGreater(len(params), 800)

    def test_no_service_derived_names(self):
        templates = load_generator().SERVICE_TEMPLATES
        for version in VERSIONS:
            _, _, params = load_defaults(version)
            derived = [n for n, v in params.items()
                       if any(n.endswith(s) and v == d for s, d in templates.items())]
            self.assertEqual(derived, [], version)

    def test_no_unresolved_macros_or_bogus_names(self):
        for version in VERSIONS:
            _, _, params = load_defaults(version)
            leftovers = {n: v for n, v in params.items()
                         if re.search(r"<([A-Za-z0-9_]+|[()*/+-])>", v)}
            self.assertEqual(leftovers, {}, version)
            self.assertNotIn("lmtpd_banner", params)
            self.assertEqual(params["local_destination_concurrency_limit"], "2")
            self.assertEqual(params["local_destination_recipient_limit"], "1")
            self.assertEqual(params["empty_address_default_transport_maps_lookup_key"], "<>")


class VersionFactsTest(unittest.TestCase):
    def test_tls_facts_of_section_3_2(self):
        for version in VERSIONS:
            _, _, params = load_defaults(version)
            for name, expected in TLS_FACTS.items():
                with self.subTest(version=version, name=name):
                    self.assertEqual(params.get(name, ABSENT), expected[version])

    def test_debian_build_settings_in_every_version(self):
        for version in VERSIONS:
            _, _, params = load_defaults(version)
            for name, expected in BUILD_FACTS.items():
                with self.subTest(version=version, name=name):
                    self.assertEqual(params[name], expected)

    def test_version_identity_and_renames(self):
        for version in VERSIONS:
            _, _, params = load_defaults(version)
            expected = "3.7.11" if version == "3.7" else f"{version}.0"
            self.assertEqual(params["mail_version"], expected)
            old_postscreen = version in ("3.4", "3.5")
            self.assertEqual("postscreen_blacklist_action" in params, old_postscreen, version)
            self.assertEqual("postscreen_denylist_action" in params, not old_postscreen, version)
            old_deadline = version in ("3.4", "3.5", "3.6")
            self.assertEqual("smtpd_per_record_deadline" in params, old_deadline, version)
            self.assertEqual("smtpd_per_request_deadline" in params, not old_deadline, version)
        _, _, params = load_defaults("3.11")
        self.assertEqual(params["default_cache_db_type"], "btree")
        self.assertEqual(params["address_verify_map"],
                         "$default_cache_db_type:$data_directory/verify_cache")


class GeneratorTest(unittest.TestCase):
    def test_generator_reproduces_committed_files(self):
        if not os.path.isfile(os.path.join(REFERENCE_DIR, "postconf-d-3.7.11.txt")):
            reason = f"reference data not found in {REFERENCE_DIR}"
            print(f"SKIP {self.id()}: {reason}", file=sys.stderr)
            self.skipTest(reason)
        with tempfile.TemporaryDirectory() as tmp:
            result = subprocess.run(
                [sys.executable, GENERATOR, "--reference-dir", REFERENCE_DIR, "--out-dir", tmp],
                capture_output=True, text=True, check=False)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(result.stderr, "")
            for version in VERSIONS:
                name = f"postfix-{version}.cf"
                with open(os.path.join(tmp, name), "rb") as fresh, \
                        open(os.path.join(DEFAULTS_DIR, name), "rb") as committed:
                    self.assertEqual(fresh.read(), committed.read(), name)

    def test_integer_expressions(self):
        gen = load_generator()
        self.assertEqual(gen.eval_int_expr("(20000/4)"), 5000)
        self.assertEqual(gen.eval_int_expr("((100+1)/2)"), 50)
        self.assertEqual(gen.eval_int_expr("(16*1024*1024)"), 16777216)
        self.assertEqual(gen.collapse("  a \t b\r\n c  "), "a b c")
        self.assertEqual(gen.format_line("relayhost", "   "), "relayhost =")


class LivePostconfTest(unittest.TestCase):
    def setUp(self):
        skip_without_postconf(self)
        version = run_postconf(["-d", "-h", "mail_version"]).stdout.strip()
        if version != "3.7.11":
            reason = f"installed postconf is {version!r}, not 3.7.11"
            print(f"SKIP {self.id()}: {reason}", file=sys.stderr)
            self.skipTest(reason)

    def test_37_file_equals_postconf_d_with_empty_config(self):
        with tempfile.TemporaryDirectory() as tmp:
            for name in ("main.cf", "master.cf"):
                open(os.path.join(tmp, name), "w", encoding="utf-8").close()
            result = run_postconf(["-c", tmp, "-d"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")
        live = result.stdout.split("\n")[:-1]
        _, body, params = load_defaults("3.7")
        live = [re.sub(r"^process_id = [0-9]+$", "process_id = 0", line) for line in live]
        for name in HOST_DEPENDENT:
            live_line = next(line for line in live if line.split(" ", 1)[0] == name)
            if live_line != f"{name} = {params[name]}":
                print(f"NOTE: host-dependent {live_line!r} differs from the data file; "
                      "masked", file=sys.stderr)
                live[live.index(live_line)] = f"{name} = {params[name]}"
        self.assertEqual(live, body)

    def test_service_templates_match_postconf(self):
        rows = read_service_templates()
        with tempfile.TemporaryDirectory() as tmp:
            open(os.path.join(tmp, "main.cf"), "w", encoding="utf-8").close()
            with open(os.path.join(tmp, "master.cf"), "w", encoding="utf-8") as fp:
                for command in sorted({c for cmds, _, _ in rows for c in cmds}):
                    fp.write(f"zz{command} unix - - n - - {command}\n")
            output = run_postconf(["-c", tmp, "-d"]).stdout
        got = set(re.findall(r"^(zz[a-z]+_[a-z_]+) = (.*)$", output, re.M))
        want = {(f"zz{c}{suffix}", default) for cmds, suffix, default in rows for c in cmds}
        self.assertEqual(got, want)


def read_service_templates():
    rows = []
    path = os.path.join(DEFAULTS_DIR, "service-parameters.txt")
    with open(path, encoding="utf-8") as fp:
        for line in fp:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                commands, suffix, default = line.split("\t")
                rows.append((commands.split(","), suffix, default))
    return rows


class ServiceTemplatesFileTest(unittest.TestCase):
    def test_file_agrees_with_generator(self):
        rows = read_service_templates()
        self.assertEqual({suffix: default for _, suffix, default in rows},
                         load_generator().SERVICE_TEMPLATES)
        self.assertEqual([cmds for cmds, suffix, _ in rows if suffix == "_time_limit"],
                         [["pipe", "spawn"]])


if __name__ == "__main__":
    unittest.main()

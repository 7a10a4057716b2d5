#!/usr/bin/env python3
"""Generate the built-in Postfix parameter defaults, one file per minor version.

Writes checker/collectors/postfix_config/defaults/postfix-3.N.cf for N = 4..11 in the
format of `postconf -d`: one `name = value` line per built-in parameter, sorted by name
in byte order, values unexpanded, an empty value printed as `name =`, whitespace runs
collapsed to one space (postconf's pcf_print_line() does that to every line it prints).

Inputs (see --reference-dir):
  postconf-d-3.7.11.txt             `postconf -d` of Debian's 3.7.11 with Debian's stock
                                    master.cf, so it also holds the service-derived
                                    parameters of that master.cf (dropped here).
  postfix-defaults-by-version.json  DEF_* macros of mail_params.h at each release tag;
                                    values may hold unresolved C macros such as
                                    `<4><5><0>` or `<MAIL_SERVICE_VERIFY>`.

How a value for version 3.N is chosen (first rule that applies):
  1. 3.7: the Debian 3.7.11 postconf value (the file is `postconf -d` of 3.7.11, minus
     service-derived names; process_id, the pid of postconf itself, is stored as 0).
  2. Debian build-time settings (DEBIAN_BUILD_NAMES) and parameters whose default is
     computed at run time: the 3.7.11 value, for every version that has the parameter.
  3. mail_version is "3.N.0"; mail_release_date comes from the JSON.
  4. Hand-derived values (DERIVED) for parameters the JSON cannot give.
  5. If the JSON value at 3.N.0 equals the JSON value at 3.7.11 (same macro text), the
     3.7.11 postconf value. NOTE: the brief said "the JSON value at 3.7.0"; 3.7.11 is
     used instead because that is the release postconf-d-3.7.11.txt was made from.
     Comparing with 3.7.0 would, e.g., give 3.8's short proxy_read_maps the long 3.7.11
     list (proxy_read_maps grew between 3.7.0 and 3.7.11).
  6. Otherwise the JSON value with its macros decoded (decode_value()): a value made only
     of `<d>` digit/operator pieces is evaluated as an integer expression and printed as
     yes/no for boolean parameters; symbolic macros come from SYMBOLS.

Which names exist in version 3.N: the JSON keys of 3.N.0, minus NOT_PARAMETERS (DEF_*
macros that no program reads; postconf 3.7.11 does not know them), minus the old names
of renamed parameters once the new name exists (RENAMED), with the mangled keys of
BOGUS_KEYS renamed to the real parameter, plus RUNTIME_NAMES (defaults computed at run
time, so absent from the JSON) and the DERIVED names of that version.

Self-checks (non-zero exit when one fails): decoding every macro of the 3.7.11 JSON must
give the 3.7.11 postconf value (except IFDEF_DEFAULTS, where the extractor read the other
#ifdef branch), and every $name in a default must name a parameter of the same version
(except RENAMED old names, legacy names and the values of RAW_PARAMETERS).

Run `tools/gen-defaults.py --report` to print every value that rule 4 or 6 produced.
"""

import argparse
import json
import os
import re
import sys

VERSIONS = ["3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11"]
POSTCONF_RELEASE = "3.7.11"
JSON_NAME = "postfix-defaults-by-version.json"
POSTCONF_NAME = "postconf-d-3.7.11.txt"
OUTPUT_SUBDIR = os.path.join("checker", "collectors", "postfix_config", "defaults")

# Service-derived parameter templates of postconf_service.c (verified with 3.7.11): a
# master.cf service whose command is one of the listed programs gets "<service><suffix>".
SERVICE_TEMPLATES = {
    "_delivery_slot_cost": "$default_delivery_slot_cost",
    "_delivery_slot_discount": "$default_delivery_slot_discount",
    "_delivery_slot_loan": "$default_delivery_slot_loan",
    "_destination_concurrency_failed_cohort_limit":
        "$default_destination_concurrency_failed_cohort_limit",
    "_destination_concurrency_limit": "$default_destination_concurrency_limit",
    "_destination_concurrency_negative_feedback":
        "$default_destination_concurrency_negative_feedback",
    "_destination_concurrency_positive_feedback":
        "$default_destination_concurrency_positive_feedback",
    "_destination_rate_delay": "$default_destination_rate_delay",
    "_destination_recipient_limit": "$default_destination_recipient_limit",
    "_extra_recipient_limit": "$default_extra_recipient_limit",
    "_initial_destination_concurrency": "$initial_destination_concurrency",
    "_minimum_delivery_slots": "$default_minimum_delivery_slots",
    "_recipient_limit": "$default_recipient_limit",
    "_recipient_refill_delay": "$default_recipient_refill_delay",
    "_recipient_refill_limit": "$default_recipient_refill_limit",
    "_time_limit": "$command_time_limit",
    "_transport_rate_delay": "$default_transport_rate_delay",
}

# DEF_* macros in mail_params.h without a parameter: postconf 3.7.11 answers "unknown
# parameter" for each, and none is read by any 3.4-3.11 program table as far as known.
NOT_PARAMETERS = {
    "client_connection_rate_service_name",  # anvil service address, not a parameter
    "lmtp_cache_connection", "lmtpd_banner", "lmtpd_error_sleep_time",
    "lmtpd_hard_error_limit", "lmtpd_junk_command_limit", "lmtpd_recipient_limit",
    "lmtpd_sasl_auth_enable", "lmtpd_sasl_local_domain", "lmtpd_sasl_security_options",
    "lmtpd_soft_error_limit", "lmtpd_timeout",
    "mailbox_defer_errors", "maildir_defer_errors",
    "postscreen_dnsbl_enable", "postscreen_greet_enable",
    "proxy_read_access_list", "proxy_write_access_list",
    "sender_based_routing", "tlsproxy_tls_received_header",
    "transport_null_address_lookup_key",
}

# Old name -> new name. The old name is a built-in parameter only in versions without
# the new name; afterwards it survives as `${old?...}` inside the new name's default.
RENAMED = {
    "postscreen_blacklist_action": "postscreen_denylist_action",  # 3.6
    "postscreen_dnsbl_whitelist_threshold": "postscreen_dnsbl_allowlist_threshold",  # 3.6
    "postscreen_whitelist_interfaces": "postscreen_allowlist_interfaces",  # 3.6
    "lmtp_per_record_deadline": "lmtp_per_request_deadline",  # 3.7
    "smtp_per_record_deadline": "smtp_per_request_deadline",  # 3.7
    "smtpd_per_record_deadline": "smtpd_per_request_deadline",  # 3.7
    "tlsproxy_client_level": "tlsproxy_client_security_level",  # 3.7
    "tlsproxy_client_policy": "tlsproxy_client_policy_maps",  # 3.7
}

# JSON keys mangled by the macro extractor (string concatenation in mail_params.h).
BOGUS_KEYS = {
    'address_verify_" VAR_SND_DEF_XPORT_MAPS':
        "address_verify_sender_dependent_default_transport_maps",
    'empty_address_" VAR_DEF_TRANSPORT "_maps_lookup_key':
        "empty_address_default_transport_maps_lookup_key",
    'local" _DEST_CON_LIMIT': "local_destination_concurrency_limit",
    'local" _DEST_RCPT_LIMIT': "local_destination_recipient_limit",
    'sender_dependent_" VAR_DEF_TRANSPORT "_maps': "sender_dependent_default_transport_maps",
}

# Built-in parameters whose default is computed at run time or set by the build, so the
# JSON has no key for them; they exist in all of 3.4-3.11 (3.7.11 values are used).
RUNTIME_NAMES = {
    "debugger_command", "default_database_type", "inet_protocols", "mailbox_delivery_lock",
    "myhostname", "mynetworks", "process_id", "process_name", "service_name",
}

# Debian build settings and host-dependent values: always the Debian 3.7.11 value.
DEBIAN_BUILD_NAMES = RUNTIME_NAMES | {
    "alias_database", "alias_maps", "command_directory", "config_directory",
    "daemon_directory", "data_directory", "html_directory", "mail_owner",
    "mail_spool_directory", "mailq_path", "manpage_directory", "meta_directory",
    "mydomain", "newaliases_path", "queue_directory", "readme_directory",
    "sample_directory", "sendmail_path", "setgid_group", "shlib_directory",
    "tls_random_source",
}

# Values the JSON cannot give. (version, name) -> (value, why).
DERIVED = {
    ("3.11", "default_cache_db_type"): (
        "btree",
        "3.11 refers to $default_cache_db_type (address_verify_map, postscreen_cache_map)"
        " but it is a build-time setting missing from the JSON; a Berkeley DB build"
        " (as Debian's) sets btree, which keeps both maps at their pre-3.11 btree: value",
    ),
}

# Symbolic macros that may remain after rule 5; values from Postfix's headers (mail_proto.h
# MAIL_SERVICE_*, mail_addr.h, OpenSSL obj_mac.h SN_*). Verified by check_decoder().
SYMBOLS = {
    "CONFIG_BOOL_NO": "0", "CONFIG_BOOL_YES": "1",
    "MAIL_ADDR_MAIL_DAEMON": "MAILER-DAEMON",
    "MAIL_SERVICE_BOUNCE": "bounce", "MAIL_SERVICE_CLEANUP": "cleanup",
    "MAIL_SERVICE_DEFER": "defer", "MAIL_SERVICE_DNSBLOG": "dnsblog",
    "MAIL_SERVICE_ERROR": "error", "MAIL_SERVICE_FLUSH": "flush",
    "MAIL_SERVICE_LOCAL": "local", "MAIL_SERVICE_PICKUP": "pickup",
    "MAIL_SERVICE_POSTLOG": "postlog", "MAIL_SERVICE_PROXYMAP": "proxymap",
    "MAIL_SERVICE_PROXYWRITE": "proxywrite", "MAIL_SERVICE_QUEUE": "qmgr",
    "MAIL_SERVICE_RELAY": "relay", "MAIL_SERVICE_REWRITE": "rewrite",
    "MAIL_SERVICE_SHOWQ": "showq", "MAIL_SERVICE_SMTP": "smtp",
    "MAIL_SERVICE_TLSPROXY": "tlsproxy", "MAIL_SERVICE_TRACE": "trace",
    "MAIL_SERVICE_VERIFY": "verify", "MAIL_SERVICE_VIRTUAL": "virtual",
    "MAIL_SRC_NAME_SENDMAIL": "sendmail", "MAIL_SRC_NAME_VERIFY": "verify",
    "SERVER_ACL_NAME_WL_MYNETWORKS": "permit_mynetworks",
    "SN_X25519": "X25519", "SN_X448": "X448", "SN_X9_62_prime256v1": "prime256v1",
    "SN_secp384r1": "secp384r1", "SN_secp521r1": "secp521r1",
    "SN_ffdhe2048": "ffdhe2048", "SN_ffdhe3072": "ffdhe3072",
}

# Parameters first seen after 3.7.11 (or only before it) whose `<0>`/`<1>` default is a
# boolean. Booleans known to 3.7.11 are found automatically (boolean_names()).
EXTRA_BOOLEANS = {
    "allow_srv_lookup_fallback", "ignore_srv_lookup_error",  # 3.8
    "force_mime_input_conversion",  # 3.9
    "smtp_tls_enable_rpk", "lmtp_tls_enable_rpk", "smtpd_tls_enable_rpk",  # 3.9
    "smtp_per_record_deadline", "lmtp_per_record_deadline",  # 3.4-3.6 (bool per postconf(5))
}

# Parameters whose digit-only macro default is an integer (everything not boolean must be
# listed here or in the 3.7.11 data, so that a new parameter is never guessed silently).
EXTRA_INTEGERS = {
    "compatibility_level",  # 3.4/3.5: `<0>`; "0" from 3.6 on
    "postscreen_dnsbl_whitelist_threshold",  # 3.4/3.5
    "smtpd_client_ipv4_prefix_length", "smtpd_client_ipv6_prefix_length",  # 3.8
    "socketmap_max_reply_size",  # 3.10
}

# The macro extractor took the other branch of an #ifdef for these; the 3.7.11 postconf
# value is right for Debian (and rule 5 uses it wherever the JSON text is unchanged).
IFDEF_DEFAULTS = {
    "smtp_always_send_ehlo",  # JSON <0> (#ifdef RFC821_SYNTAX), Debian prints yes
    "in_flow_delay",  # JSON 0s (#ifdef PIPES_CANT_FIONREAD), Debian prints 1s
}

# "Raw" parameters: postconf neither expands nor scans their values, because their $names
# are expanded later by the program with local attributes ($user, $home, $rbl_code...).
# Determined with postconf 3.7.11 (a $name in these values validates nothing).
RAW_PARAMETERS = {
    "command_execution_directory", "default_rbl_reply", "forward_path", "luser_relay",
    "mailbox_command", "postscreen_expansion_filter", "postscreen_reject_footer",
    "smtpd_expansion_filter", "smtpd_reject_footer",
}

MACRO_TOKEN = re.compile(r"<([A-Za-z0-9_]+|[()*/+-])>")
ARITH_ONLY = re.compile(r"(?:<(?:[0-9]+|[()*/+-])>)+")
BOOL_MACRO = re.compile(r"<(0|1|CONFIG_BOOL_NO|CONFIG_BOOL_YES)>")


class GenerationError(Exception):
    pass


def collapse(value):
    """Whitespace as postconf prints it: runs of space/tab/CR/LF become one space."""
    return " ".join(word for word in re.split(r"[ \t\r\n]+", value) if word)


def format_line(name, value):
    value = collapse(value)
    return f"{name} = {value}" if value else f"{name} ="


def read_postconf_file(path):
    params = {}
    with open(path, encoding="utf-8") as fp:
        for line in fp:
            line = line.rstrip("\n")
            name, sep, rest = line.partition(" =")
            if not sep or not name:
                raise GenerationError(f"{path}: bad line {line!r}")
            params[name] = rest[1:] if rest.startswith(" ") else rest
    return params


def is_service_derived(name, value):
    return any(name.endswith(sfx) and len(name) > len(sfx) and value == dflt
               for sfx, dflt in SERVICE_TEMPLATES.items())


def builtin_postconf(postconf_all):
    """Drop the parameters postconf derived from Debian's stock master.cf services."""
    out = {n: v for n, v in postconf_all.items() if not is_service_derived(n, v)}
    out["process_id"] = "0"
    return out


def eval_int_expr(text):
    """Integer value of a C constant expression such as (20000/4) or (16*1024*1024)."""
    tokens = re.findall(r"[0-9]+|[()*/+-]", text)
    if "".join(tokens) != text.replace(" ", ""):
        raise GenerationError(f"not an integer expression: {text!r}")
    value, pos = _parse_sum(tokens, 0)
    if pos != len(tokens):
        raise GenerationError(f"trailing tokens in {text!r}")
    return value


def _parse_sum(tokens, pos):
    value, pos = _parse_product(tokens, pos)
    while pos < len(tokens) and tokens[pos] in "+-":
        rhs, nxt = _parse_product(tokens, pos + 1)
        value = value + rhs if tokens[pos] == "+" else value - rhs
        pos = nxt
    return value, pos


def _parse_product(tokens, pos):
    value, pos = _parse_atom(tokens, pos)
    while pos < len(tokens) and tokens[pos] in "*/":
        rhs, nxt = _parse_atom(tokens, pos + 1)
        value = value * rhs if tokens[pos] == "*" else int(value / rhs)  # C truncation
        pos = nxt
    return value, pos


def _parse_atom(tokens, pos):
    if pos >= len(tokens):
        raise GenerationError("truncated integer expression")
    if tokens[pos] == "(":
        value, pos = _parse_sum(tokens, pos + 1)
        if pos >= len(tokens) or tokens[pos] != ")":
            raise GenerationError("unbalanced parenthesis")
        return value, pos + 1
    if not tokens[pos].isdigit():
        raise GenerationError(f"unexpected {tokens[pos]!r} in integer expression")
    return int(tokens[pos]), pos + 1


def _substitute_symbol(match):
    token = match.group(1)
    if token not in SYMBOLS:
        return match.group(0)
    value = SYMBOLS[token]
    return f"<{value}>" if value.isdigit() else value


class Types:
    """Which parameters with a digit-only macro default are booleans or integers."""

    def __init__(self, json_ref, postconf):
        self.m_booleans = set(EXTRA_BOOLEANS)
        self.m_integers = set(EXTRA_INTEGERS)
        for name, raw in json_ref.items():
            printed = postconf.get(name)
            if printed in ("yes", "no") and BOOL_MACRO.fullmatch(raw):
                self.m_booleans.add(name)
            elif printed is not None and ARITH_ONLY.fullmatch(raw) \
                    and re.fullmatch(r"-?[0-9]+", printed):
                self.m_integers.add(name)

    def render_number(self, name, number):
        if name in self.m_booleans:
            if number not in (0, 1):
                raise GenerationError(f"{name}: boolean macro value {number}")
            return "yes" if number else "no"
        if name in self.m_integers:
            return str(number)
        raise GenerationError(f"{name}: no type known for numeric default {number}")


def decode_value(name, raw, types):
    """Resolve the C macros of one JSON value (rule 6 of the module docstring)."""
    resolved = MACRO_TOKEN.sub(_substitute_symbol, raw)
    if ARITH_ONLY.fullmatch(resolved):
        number = eval_int_expr("".join(MACRO_TOKEN.findall(resolved)))
        return types.render_number(name, number)
    if MACRO_TOKEN.search(resolved):
        raise GenerationError(f"{name}: unresolved macro in {raw!r}")
    return resolved


def check_decoder(json_ref, postconf, types):
    """Decoding the 3.7.11 JSON values must give the 3.7.11 postconf values."""
    mismatches = []
    for name, raw in sorted(json_ref.items()):
        if name not in postconf or name in DEBIAN_BUILD_NAMES | IFDEF_DEFAULTS \
                or not MACRO_TOKEN.search(raw):
            continue
        try:
            got = decode_value(name, raw, types)
        except GenerationError as err:
            mismatches.append(f"decoder self-check: {err}")
            continue
        if collapse(got) != collapse(postconf[name]):
            mismatches.append(f"decoder self-check: {name}: decoded {got!r},"
                              f" postconf {postconf[name]!r}")
    return mismatches


def normalise_json(version_json):
    out = {}
    for key, value in version_json.items():
        key = BOGUS_KEYS.get(key, key)
        if not re.fullmatch(r"[A-Za-z0-9_]+", key):
            raise GenerationError(f"unexpected JSON key {key!r}")
        out[key] = value
    return out


def names_for(version, json_v):
    names = {n for n in json_v if n not in NOT_PARAMETERS}
    names -= {old for old, new in RENAMED.items() if new in json_v}
    names |= RUNTIME_NAMES
    names |= {n for (v, n) in DERIVED if v == version}
    return names


class VersionBuilder:
    """Chooses the value of every parameter of one version (module docstring rules)."""

    def __init__(self, json_all, postconf, types):
        self.m_json_all = json_all
        self.m_json_ref = normalise_json(json_all[POSTCONF_RELEASE])
        self.m_postconf = postconf
        self.m_types = types
        self.m_report = []

    def build(self, version):
        if version == "3.7":
            return dict(self.m_postconf)
        json_v = normalise_json(self.m_json_all[f"{version}.0"])
        return {name: self._value(version, name, json_v)
                for name in sorted(names_for(version, json_v))}

    def _value(self, version, name, json_v):
        if name in DEBIAN_BUILD_NAMES:
            return self.m_postconf[name]
        if name == "mail_version":
            return f"{version}.0"
        if (version, name) in DERIVED:
            value, why = DERIVED[(version, name)]
            self.m_report.append(f"{version} {name} = {value}  [derived: {why}]")
            return value
        raw = json_v[name]
        if self.m_json_ref.get(name) == raw and name in self.m_postconf:
            return self.m_postconf[name]
        value = decode_value(name, raw, self.m_types)
        if MACRO_TOKEN.search(raw):
            self.m_report.append(f"{version} {name} = {collapse(value)}"
                                 f"  [decoded {raw!r} of {version}.0]")
        return value


def referenced_names(value):
    """Names used as $name, ${name...} or $(name...) in a default value."""
    return set(re.findall(r"\$[{(]?([A-Za-z0-9_]+)", value))


def check_references(version, params):
    """Every $name in a default must be a parameter of the same version, except the old
    names of RENAMED parameters (used as `${old?...}`), legacy parameters, and the
    domain_to_ascii expansion function of 3.11."""
    allowed = set(RENAMED) | {"virtual_maps", "fallback_relay", "authorized_verp_clients",
                              "smtpd_client_connection_limit_exceptions",
                              "postscreen_dnsbl_ttl", "domain_to_ascii"}
    problems = []
    for name, value in sorted(params.items()):
        if name in RAW_PARAMETERS:
            continue
        for ref in sorted(referenced_names(value) - set(params) - allowed):
            problems.append(f"{version}: {name} refers to unknown ${ref}")
    return problems


def header(version):
    if version == "3.7":
        source = (f"# Source: {POSTCONF_NAME} (Debian Postfix {POSTCONF_RELEASE}) = `postconf -d`"
                  "\n# with an empty master.cf; process_id (the pid of postconf) is stored as 0.")
    else:
        source = (f"# Source: {JSON_NAME}, release tag {version}.0; macros and"
                  f"\n# build settings resolved with Debian {POSTCONF_RELEASE} values"
                  " (see tools/gen-defaults.py).")
    return (f"# Postfix {version} built-in parameter defaults, `postconf -d` format, unexpanded.\n"
            "# GENERATED by tools/gen-defaults.py -- do not edit by hand.\n"
            f"{source}\n"
            "# Names derived from master.cf services are not included:"
            " see service-parameters.txt.\n")


def render(version, params):
    lines = [format_line(n, params[n]) for n in sorted(params, key=lambda s: s.encode())]
    return header(version) + "\n".join(lines) + "\n"


def generate(reference_dir, out_dir):
    """Write all version files; return (report lines, problem lines)."""
    with open(os.path.join(reference_dir, JSON_NAME), encoding="utf-8") as fp:
        json_all = json.load(fp)["versions"]
    postconf = builtin_postconf(read_postconf_file(os.path.join(reference_dir, POSTCONF_NAME)))
    types = Types(normalise_json(json_all[POSTCONF_RELEASE]), postconf)
    problems = check_decoder(normalise_json(json_all[POSTCONF_RELEASE]), postconf, types)
    builder = VersionBuilder(json_all, postconf, types)
    os.makedirs(out_dir, exist_ok=True)
    for version in VERSIONS:
        params = builder.build(version)
        problems += check_references(version, params)
        path = os.path.join(out_dir, f"postfix-{version}.cf")
        with open(path, "w", encoding="utf-8", newline="\n") as fp:
            fp.write(render(version, params))
    return builder.m_report, problems


def main(argv):
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reference-dir",
                        default=os.path.join(repo, "..", "shared", "reference"))
    parser.add_argument("--out-dir", default=os.path.join(repo, OUTPUT_SUBDIR))
    parser.add_argument("--report", action="store_true",
                        help="print the decoded and derived values")
    args = parser.parse_args(argv)
    try:
        report, problems = generate(args.reference_dir, args.out_dir)
    except (GenerationError, OSError, KeyError, ValueError) as err:
        print(f"gen-defaults: error: {err}", file=sys.stderr)
        return 1
    if args.report:
        print("\n".join(report))
    for problem in problems:
        print(f"gen-defaults: problem: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/python3
"""master.cf services and their -o overrides, as the real postconf(1) parses them.

Used by the differential harness (differential_postconf.py) and by the harness-only
fake mtaudit (fake-mtaudit-postconf.sh). Python 3 standard library only.

The source of truth is `postconf -c DIR -M`: postconf has already joined continuation
lines, dropped comments and normalised `-oname=value` to `-o name=value`, and it keeps
the whitespace inside `-o { ... }` values exactly (unlike `postconf -P`, which collapses
whitespace runs and, for duplicate NAME/TYPE entries, prints the union of all of their
-o settings instead of the last entry's as master(8) uses).

CLI (for shell callers):
  postconf_master.py overrides DIR NAME/TYPE   -> NUL-terminated "name=value" items
  postconf_master.py services DIR              -> one "NAME/TYPE" per line (with -o)
"""

import os
import subprocess
import sys

POSTCONF = os.environ.get("POSTCONF", "/usr/sbin/postconf")
SPACE = " \t\r\n"


def split_args(text):
    """Split like Postfix mystrtokq(): whitespace splits only outside {...} groups."""
    tokens, cur, depth = [], [], 0
    for ch in text:
        if ch in SPACE and depth == 0:
            if cur:
                tokens.append("".join(cur))
                cur = []
            continue
        if ch == "{":
            depth += 1
        elif ch == "}" and depth > 0:
            depth -= 1
        cur.append(ch)
    if cur:
        tokens.append("".join(cur))
    return tokens


def strip_braces(token):
    """extpar(): an argument written as { text } loses the braces and outer whitespace."""
    if token.startswith("{") and token.endswith("}"):
        return token[1:-1].strip(SPACE)
    return token


def split_nameval(text):
    """split_nameval(): name, optional whitespace, '=', value with outer whitespace trimmed."""
    name, sep, value = text.partition("=")
    if not sep:
        raise ValueError('missing "=" in -o argument: %r' % text)
    return name.strip(SPACE), value.strip(SPACE)


def entry_overrides(args):
    """The -o name=value pairs of one entry's command arguments, in order (repeats kept).

    Like getopt(3) in the daemons: options end at the first argument that does not start
    with '-' (so a pipe(8) "argv=... -oi" is not an override) or at "--".
    """
    result, i = [], 0
    while i < len(args) and args[i].startswith("-") and args[i] not in ("-", "--"):
        arg = args[i]
        if arg == "-o" and i + 1 < len(args):
            result.append(split_nameval(strip_braces(args[i + 1])))
            i += 2
            continue
        if arg.startswith("-o"):
            result.append(split_nameval(strip_braces(arg[2:])))
        i += 1
    return result


def parse_entry(line):
    """One `postconf -M` line -> ("NAME/TYPE", [(name, value), ...])."""
    fields = split_args(line)
    if len(fields) < 8:
        raise ValueError("short master.cf entry: %r" % line)
    return fields[0] + "/" + fields[1], entry_overrides(fields[8:])


def read_entries(config_dir):
    """All master.cf entries in file order, via `postconf -c DIR -M`."""
    if not os.path.isfile(os.path.join(config_dir, "master.cf")):
        return []  # postconf -M is fatal here; postconf PARAM warns and sees no services
    proc = subprocess.run([POSTCONF, "-c", config_dir, "-M"], capture_output=True)
    if proc.returncode != 0:
        raise RuntimeError("postconf -M failed: " + proc.stderr.decode(errors="replace"))
    text = proc.stdout.decode("utf-8", "surrogateescape")
    return [parse_entry(line) for line in text.splitlines() if line.strip()]


def services_with_overrides(entries):
    """{NAME/TYPE: overrides of the LAST entry with that key} for keys where any entry has -o.

    master(8) keeps only the last of several entries with the same NAME/TYPE
    ("duplicate master.cf entry ... using the last entry"); a key whose last entry has no
    -o but an earlier duplicate had some is kept (with no overrides) to catch tools that
    merge duplicates.
    """
    last, wanted = {}, []
    for key, overrides in entries:
        last[key] = overrides
        if overrides and key not in wanted:
            wanted.append(key)
    return {key: last[key] for key in wanted}


def main(argv):
    if len(argv) == 4 and argv[1] == "overrides":
        entries = read_entries(argv[2])
        keys = [key for key, _ in entries]
        if argv[3] not in keys:
            sys.stderr.write("no master.cf entry %s\n" % argv[3])
            return 2
        overrides = [o for key, o in entries if key == argv[3]][-1]
        out = "".join("%s=%s\0" % pair for pair in overrides)
        sys.stdout.buffer.write(out.encode("utf-8", "surrogateescape"))
        return 0
    if len(argv) == 3 and argv[1] == "services":
        for key in services_with_overrides(read_entries(argv[2])):
            print(key)
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

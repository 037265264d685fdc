#!/usr/bin/env python3
"""Independent verifier of SaltBitter audit exports, written from docs/audit-format.md alone.

    python3 tools/verify_audit.py EXPORT MANIFEST --public-key KEY [--public-key KEY2] [--checkpoints FILE] [--proofs FILE]

KEY is a file holding the base64 of the raw 32-byte Ed25519 public key or an SPKI PEM, or that
base64 itself (default: the AUDIT_VERIFY_KEY environment variable). Python 3.8+ standard library
only; Ed25519 verification (RFC 8032) is implemented below because the standard library has none.

Exit status: 0 everything verified; 1 verification failed (every problem is named); 2 an input
could not be read.
"""

import argparse
import base64
import csv
import datetime
import hashlib
import io
import json
import os
import re
import sys

GENESIS = "0" * 64
EXPORT_COLUMNS = [
    "seq",
    "id",
    "timestamp",
    "user_id",
    "staff_id",
    "action_type",
    "regulatory_framework",
    "metadata",
    "prev_hash",
    "hash",
]
CONSENT_COLUMNS = [
    "id",
    "timestamp",
    "user_id",
    "consent_type",
    "granted",
    "consent_text",
    "notice_version",
    "collection_method",
    "jurisdiction",
    "ip_address",
]
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
TIMESTAMP = re.compile(r"^\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
SEQ = re.compile(r"^[1-9][0-9]*$")
MANIFEST_PREFIX = "saltbitter-export-manifest v1\n"
CHECKPOINT_PREFIX = "saltbitter-audit-checkpoint v1\n"
CHECKPOINT_V2_PREFIX = "saltbitter-audit-checkpoint v2\n"
SPKI_ED25519_PREFIX = bytes.fromhex("302a300506032b6570032100")


class InputError(Exception):
    """An input cannot be read at all (exit status 2)."""


# ---------------------------------------------------------------------------------------------
# Ed25519 signature verification (RFC 8032 §5.1.7), on extended twisted Edwards coordinates.

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    e1 = (y1 - x1) * (y2 - x2) % P
    e2 = (y1 + x1) * (y2 + x2) % P
    c = 2 * t1 * t2 * D % P
    d = 2 * z1 * z2 % P
    e, f, g, h = e2 - e1, d - c, d + c, e2 + e1
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _multiply(scalar, point):
    result = (0, 1, 1, 0)
    while scalar:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def _x_from_y(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P:
        return None
    return P - x if (x & 1) != sign else x


def _decode_point(data):
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _x_from_y(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


def _same_point(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


_BASE_Y = 4 * pow(5, P - 2, P) % P
_BASE_X = _x_from_y(_BASE_Y, 0)
BASE = (_BASE_X, _BASE_Y, 1, _BASE_X * _BASE_Y % P)


def ed25519_verify(public_key, message, signature):
    """True when `signature` (64 bytes) is a valid Ed25519 signature of `message` by `public_key` (32 bytes)."""
    if len(signature) != 64:
        return False
    a = _decode_point(public_key)
    r = _decode_point(signature[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little") % L
    return _same_point(_multiply(s, BASE), _add(r, _multiply(k, a)))


# ---------------------------------------------------------------------------------------------
# Keys (§7): base64 of the raw 32 bytes, or an SPKI PEM; the key id is SHA-256(raw)[:16 hex].


def read_public_key(argument):
    text = argument
    if os.path.exists(argument):
        with open(argument, "r", encoding="utf-8") as handle:
            text = handle.read()
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            body = "".join(line for line in text.splitlines() if not line.startswith("-----"))
            der = base64.b64decode(body, validate=True)
            if len(der) != 44 or not der.startswith(SPKI_ED25519_PREFIX):
                raise ValueError("not an Ed25519 SPKI public key")
            raw = der[len(SPKI_ED25519_PREFIX):]
        else:
            raw = base64.b64decode(text, validate=True)
    except ValueError as error:
        raise InputError("public key %r is unreadable: %s" % (argument[:60], error))
    if len(raw) != 32 or _decode_point(raw) is None:
        raise InputError("public key %r is not a 32-byte Ed25519 public key" % argument[:60])
    return hashlib.sha256(raw).hexdigest()[:16], raw


def check_signature(keys, key_id, text, sig):
    """None when a trusted key with this id signed `text`, else why not."""
    if key_id not in keys:
        return "it is signed by key %s, which is not a key you trust (trusted: %s)" % (
            json.dumps(key_id),
            ", ".join(sorted(keys)) or "none",
        )
    try:
        signature = base64.b64decode(sig, validate=True)
    except (ValueError, TypeError):
        return "its signature is not valid base64"
    if not ed25519_verify(keys[key_id], text.encode("utf-8"), signature):
        return "its signature does not match its content"
    return None


# ---------------------------------------------------------------------------------------------
# The canonical text (§3).


class Number:
    """A JSON number kept as its literal digits: canonical text copies them verbatim."""

    def __init__(self, text):
        self.text = text


def reject_constant(name):
    raise ValueError("%s is not JSON" % name)


def unique_keys(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise ValueError("duplicate key %s" % json.dumps(key, ensure_ascii=False))
        result[key] = value
    return result


def parse_exact(text):
    """JSON with numbers kept as text and duplicate keys refused (jsonb text has none)."""
    return json.loads(
        text,
        parse_int=Number,
        parse_float=Number,
        parse_constant=reject_constant,
        object_pairs_hook=unique_keys,
    )


SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def jsonb_string(value):
    """PostgreSQL's escape_json: six short escapes, \\u00xx (lowercase) for other controls, the rest as is."""
    out = []
    for ch in value:
        if ch in SHORT_ESCAPES:
            out.append(SHORT_ESCAPES[ch])
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def jsonb_key_order(key):
    encoded = key.encode("utf-8")
    return (len(encoded), encoded)


def canon(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Number):
        return value.text
    if isinstance(value, str):
        return jsonb_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(canon(item) for item in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=jsonb_key_order)
        return "{" + ", ".join(jsonb_string(key) + ": " + canon(value[key]) for key in keys) + "}"
    raise ValueError("cannot encode %r" % (value,))


def canonical_text(row):
    return canon(
        [
            Number(str(row["seq"])),
            row["id"],
            row["user_id"],
            row["staff_id"],
            row["action_type"],
            row["regulatory_framework"],
            row["timestamp"],
            row["metadata"],
            row["prev_hash"],
        ]
    )


def row_hash(row):
    return hashlib.sha256(canonical_text(row).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------------------
# Reading the export (§5).


def checked_row(fields):
    """Validates the ten fields of one compliance_logs row; returns the row with seq as an int."""
    seq = fields["seq"]
    seq_text = seq.text if isinstance(seq, Number) else seq
    if not isinstance(seq_text, str) or not SEQ.match(seq_text):
        raise ValueError("seq is not a positive integer")
    for name in ("id",):
        if not isinstance(fields[name], str) or not UUID.match(fields[name]):
            raise ValueError("%s is not a lowercase UUID" % name)
    for name in ("user_id", "staff_id"):
        if fields[name] is not None and (not isinstance(fields[name], str) or not UUID.match(fields[name])):
            raise ValueError("%s is neither null nor a lowercase UUID" % name)
    for name in ("action_type", "regulatory_framework"):
        if not isinstance(fields[name], str):
            raise ValueError("%s is not a string" % name)
    if not isinstance(fields["timestamp"], str) or not TIMESTAMP.match(fields["timestamp"]):
        raise ValueError("timestamp is not YYYY-MM-DDTHH:MM:SS.ffffffZ")
    if not isinstance(fields["metadata"], dict):
        raise ValueError("metadata is not a JSON object")
    for name in ("prev_hash", "hash"):
        if not isinstance(fields[name], str) or not HEX64.match(fields[name]):
            raise ValueError("%s is not 64 lowercase hex digits" % name)
    row = dict(fields)
    row["seq"] = int(seq_text)
    return row


def jsonl_lines(text):
    if text == "":
        return []
    if not text.endswith("\n"):
        raise ValueError("the last line does not end with a line feed (the file may be cut short)")
    return text[:-1].split("\n")


def read_rows(data, manifest, problems):
    """Yields (position, row or None) for every data row; row is None for consent_logs."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append("the file is not UTF-8 (%s)" % error)
        return
    chained = manifest["source"] == "compliance_logs"
    if manifest["format"] == "jsonl":
        try:
            lines = jsonl_lines(text)
        except ValueError as error:
            problems.append(str(error))
            lines = text.split("\n")
        for number, line in enumerate(lines, 1):
            if line == "":
                problems.append("line %d: blank line" % number)
                continue
            try:
                value = parse_exact(line)
                if not isinstance(value, dict):
                    raise ValueError("not a JSON object")
                columns = EXPORT_COLUMNS if chained else CONSENT_COLUMNS
                if set(value) != set(columns):
                    raise ValueError("members are %s, expected %s" % (sorted(value), columns))
                yield number, checked_row(value) if chained else None
            except ValueError as error:
                problems.append("line %d: not a valid export row (%s)" % (number, error))
                yield number, "invalid"
        return
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        columns = EXPORT_COLUMNS if chained else CONSENT_COLUMNS
        if header != columns:
            problems.append("the CSV header is %s, expected %s" % (header, ",".join(columns)))
        for number, record in enumerate(reader, 1):
            if not chained:
                yield number, None
                continue
            try:
                if len(record) != len(EXPORT_COLUMNS):
                    raise ValueError("%d fields, expected %d" % (len(record), len(EXPORT_COLUMNS)))
                fields = dict(zip(EXPORT_COLUMNS, record))
                for name in ("user_id", "staff_id"):
                    fields[name] = fields[name] or None  # NULL: an empty unquoted field (uuids are never "")
                fields["seq"] = Number(fields["seq"])
                fields["metadata"] = parse_exact(fields["metadata"])
                yield number, checked_row(fields)
            except ValueError as error:
                problems.append("CSV record %d: not a valid export row (%s)" % (number, error))
                yield number, "invalid"
    except csv.Error as error:
        problems.append("the CSV is malformed: %s" % error)
    if manifest["format"] == "csv" and text and not text.endswith("\n"):
        problems.append("the last CSV record does not end with a line feed (the file may be cut short)")


# ---------------------------------------------------------------------------------------------
# The manifest (§6).


def js_string(value):
    """A string as JavaScript's JSON.stringify writes it."""
    out = []
    for ch in value:
        if ch in SHORT_ESCAPES:
            out.append(SHORT_ESCAPES[ch])
        elif ord(ch) < 0x20 or 0xD800 <= ord(ch) <= 0xDFFF:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def manifest_json(value):
    """Compact JSON, keys sorted by UTF-16 code units at every depth (the signed form)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return js_string(value)
    if isinstance(value, list):
        return "[" + ",".join(manifest_json(item) for item in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=lambda key: key.encode("utf-16-be"))
        return "{" + ",".join(js_string(key) + ":" + manifest_json(value[key]) for key in keys) + "}"
    raise ValueError("the manifest holds a value the format does not allow: %r" % (value,))


MANIFEST_FIELDS = {
    "exportId": str,
    "source": str,
    "format": str,
    "fileName": str,
    "filters": dict,
    "filtered": bool,
    "rowCount": int,
    "chainHead": dict,
    "sha256": str,
    "bytes": int,
    "exportedAt": str,
    "exportedBy": dict,
}


def read_manifest(path):
    try:
        with open(path, "r", encoding="utf-8") as handle:
            manifest = json.load(handle, object_pairs_hook=unique_keys, parse_constant=reject_constant)
    except (OSError, ValueError) as error:
        raise InputError("the manifest %s cannot be read: %s" % (path, error))
    if not isinstance(manifest, dict):
        raise InputError("the manifest %s is not a JSON object" % path)
    for name, kind in MANIFEST_FIELDS.items():
        value = manifest.get(name)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise InputError("the manifest has no valid %s" % name)
    if manifest["source"] not in ("compliance_logs", "consent_logs") or manifest["format"] not in ("jsonl", "csv"):
        raise InputError("the manifest names an unknown source or format")
    head = manifest["chainHead"]
    if not isinstance(head.get("seq"), int) or isinstance(head.get("seq"), bool) or not isinstance(head.get("hash"), str):
        raise InputError("the manifest's chainHead is not {seq, hash}")
    fields = manifest["filters"].get("fields")
    if not isinstance(fields, list) or not all(isinstance(field, str) for field in fields):
        raise InputError("the manifest's filters.fields is not a list of names")
    return manifest


def manifest_problems(manifest, keys):
    """The manifest's problems, and whether its signature verified."""
    problems = []
    signed = False
    signature = manifest.get("signature")
    if not signature:
        problems.append("the manifest is not signed, so it could have been rewritten")
    elif not isinstance(signature, dict) or signature.get("v") != 1 or not isinstance(signature.get("sig"), str):
        problems.append("the manifest's signature is malformed")
    else:
        rest = {key: value for key, value in manifest.items() if key != "signature"}
        try:
            why = check_signature(keys, signature.get("key"), MANIFEST_PREFIX + manifest_json(rest), signature["sig"])
        except ValueError as error:
            why = str(error)
        if why:
            problems.append("the manifest cannot be trusted: %s" % why)
        signed = why is None
    fields = manifest["filters"]["fields"]
    if manifest["filtered"] != (len(fields) > 0):
        problems.append("the manifest contradicts itself: 'filtered' is %s but the filters are %s" % (
            json.dumps(manifest["filtered"]), json.dumps(fields)))
    return problems, signed


# ---------------------------------------------------------------------------------------------
# Checkpoints (§7).


def checkpoint_refusal(c, keys):
    """None when `c` is a version 1 or 2 checkpoint a trusted key signed, else why not (§7)."""
    if not isinstance(c, dict) or c.get("v") not in (1, 2) or isinstance(c.get("v"), bool):
        return "not a version 1 or 2 checkpoint"
    if not isinstance(c.get("seq"), int) or isinstance(c.get("seq"), bool) or c["seq"] < 1:
        return "seq is not a positive integer"
    if not isinstance(c.get("hash"), str) or not HEX64.match(c["hash"]):
        return "hash is not 64 lowercase hex digits"
    if c["v"] == 2 and (not isinstance(c.get("root"), str) or not HEX64.match(c["root"])):
        return "root is not 64 lowercase hex digits"
    if not isinstance(c.get("at"), str) or not is_time(c["at"]):
        return "at is not a time"
    if not isinstance(c.get("sig"), str):
        return "it has no signature"
    if c["v"] == 1:
        text = "%sseq=%d\nhash=%s\nat=%s" % (CHECKPOINT_PREFIX, c["seq"], c["hash"], c["at"])
    else:
        text = "%sseq=%d\nhash=%s\nroot=%s\nat=%s" % (CHECKPOINT_V2_PREFIX, c["seq"], c["hash"], c["root"], c["at"])
    return check_signature(keys, c.get("key"), text, c["sig"])


def read_checkpoints(path, keys, problems):
    """Trusted checkpoints by seq: {seq: (hash, at, root or None)}; refused lines are problems."""
    try:
        with open(path, "r", encoding="utf-8") as handle:
            lines = handle.read().split("\n")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError("the checkpoint file %s cannot be read: %s" % (path, error))
    trusted = {}
    for number, line in enumerate(lines, 1):
        if line.strip() == "":
            continue
        try:
            c = json.loads(line)
        except ValueError:
            problems.append("checkpoint line %d: not valid JSON" % number)
            continue
        why = checkpoint_refusal(c, keys)
        if why:
            problems.append("checkpoint line %d refused: %s" % (number, why))
        elif c["seq"] in trusted and trusted[c["seq"]][0] != c["hash"]:
            problems.append("checkpoint line %d: two signed checkpoints give seq %d different hashes" % (number, c["seq"]))
        else:
            root = c.get("root") if c["v"] == 2 else None
            trusted[c["seq"]] = (c["hash"], c["at"], root or (trusted.get(c["seq"]) or (None, None, None))[2])
    return trusted


# ---------------------------------------------------------------------------------------------
# Membership proofs (§8): RFC 9162 §2.1 Merkle tree over the rows' chain hashes.


def leaf_hash(row_hash_hex):
    return hashlib.sha256(b"\x00" + bytes.fromhex(row_hash_hex)).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_inclusion_path(index, size, leaf, path):
    """RFC 9162 §2.1.3.2: the root the audit path leads to, or None when it cannot be a path for index in size."""
    if not 0 <= index < size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def read_proofs(path, keys, problems):
    """The proofs file: ({seq: checkpoint or refusal text}, {row seq: (checkpoint seq, [path bytes])})."""
    try:
        with open(path, "r", encoding="utf-8") as handle:
            lines = handle.read().split("\n")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError("the proofs file %s cannot be read: %s" % (path, error))
    checkpoints, proofs, last = {}, {}, 0
    for number, line in enumerate(lines, 1):
        if line.strip() == "":
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            problems.append("proofs line %d: not valid JSON" % number)
            continue
        if isinstance(entry, dict) and "checkpoint" in entry:
            c = entry["checkpoint"]
            why = checkpoint_refusal(c, keys)
            if why:
                problems.append("proofs line %d: checkpoint refused: %s" % (number, why))
            if isinstance(c, dict) and isinstance(c.get("seq"), int):
                checkpoints[c["seq"]] = why or c
            continue
        p = entry.get("proof") if isinstance(entry, dict) else None
        if (
            isinstance(p, dict)
            and all(isinstance(p.get(k), int) and not isinstance(p.get(k), bool) for k in ("seq", "checkpoint"))
            and isinstance(p.get("path"), list)
            and all(isinstance(h, str) and HEX64.match(h) for h in p["path"])
        ):
            if p["seq"] <= last:
                problems.append("proofs line %d: seq %d is not after seq %d" % (number, p["seq"], last))
                continue
            last = p["seq"]
            proofs[p["seq"]] = (p["checkpoint"], [bytes.fromhex(h) for h in p["path"]])
        else:
            problems.append("proofs line %d: neither a checkpoint nor a proof" % number)
    return checkpoints, proofs


def membership_problem(seq, computed_hash, checkpoints, proofs, proven):
    """None when the row (its seq and recomputed hash) is proven a member of a signed tree, else why not."""
    if seq not in proofs:
        return "seq %d: no membership proof in the proofs file" % seq
    size, path = proofs[seq]
    c = checkpoints.get(size)
    if c is None:
        return "seq %d: its proof is against checkpoint %d, which the proofs file does not hold" % (seq, size)
    if isinstance(c, str):
        return "seq %d: not proven a member: the checkpoint of seq %d it is proven against is refused (%s)" % (seq, size, c)
    if c["v"] != 2:
        return "seq %d: membership not provable: the checkpoint of seq %d has no Merkle root (a version 1 checkpoint)" % (seq, size)
    if size < seq:
        return "seq %d: its proof is against the checkpoint of seq %d, which is before the row" % (seq, size)
    root = root_from_inclusion_path(seq - 1, size, leaf_hash(computed_hash), path)
    if root is None or root.hex() != c["root"] or (seq == size and computed_hash != c["hash"]):
        return "seq %d: not a member of the history signed at seq %d (%s): its audit path does not lead to the signed root" % (
            seq, size, c["at"])
    proven[size] = proven.get(size, 0) + 1
    return None


def is_time(text):
    try:
        datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return True
    except ValueError:
        return False


# ---------------------------------------------------------------------------------------------
# Verification (§8).


def plural(count, one, many=None):
    return "%s %s" % (format(count, ","), one if count == 1 else (many or one + "s"))


def verify(export_path, manifest_path, keys, checkpoints_path, proofs_path=None):
    manifest = read_manifest(manifest_path)
    try:
        with open(export_path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise InputError("the export %s cannot be read: %s" % (export_path, error))
    problems = []
    facts = []
    if not keys:
        problems.append("no public key given (--public-key or AUDIT_VERIFY_KEY): the manifest's signature cannot be checked")
    found, signed = manifest_problems(manifest, keys)
    problems.extend(found)
    if signed:
        facts.append("The manifest is signed by trusted key %s and its signature is valid: it is unchanged since the export." % manifest["signature"]["key"])

    digest = hashlib.sha256(data).hexdigest()
    if len(data) != manifest["bytes"]:
        problems.append("the file is %s, the manifest says %s" % (plural(len(data), "byte"), plural(manifest["bytes"], "byte")))
    if digest != manifest["sha256"]:
        problems.append("the file's SHA-256 is %s, the manifest says %s: the file is not the one exported" % (digest, manifest["sha256"]))
    if len(data) == manifest["bytes"] and digest == manifest["sha256"]:
        facts.append("The file is %s with SHA-256 %s, exactly as the manifest states." % (plural(len(data), "byte"), digest))

    chained = manifest["source"] == "compliance_logs"
    rows = 0
    hashed = 0
    links = 0
    gaps = []
    earlier = 0
    previous = None
    first = None
    first_time = last_time = None
    by_seq = {}
    computed = []
    for _, row in read_rows(data, manifest, problems):
        rows += 1
        if not chained or row == "invalid":
            continue
        seq = row["seq"]
        computed.append((seq, row_hash(row)))
        if computed[-1][1] == row["hash"]:
            hashed += 1
        else:
            problems.append("seq %d: its content does not match its hash (the row was changed)" % seq)
        if seq == 1 and row["prev_hash"] != GENESIS:
            problems.append("seq 1: it does not start from the genesis value (64 zeros)")
        if seq > manifest["chainHead"]["seq"]:
            problems.append("seq %d: after the chain head recorded at export time (seq %d)" % (seq, manifest["chainHead"]["seq"]))
        if previous is not None:
            if seq <= previous["seq"]:
                problems.append("seq %d: out of order after seq %d" % (seq, previous["seq"]))
            elif seq == previous["seq"] + 1:
                links += 1
                if row["prev_hash"] != previous["hash"]:
                    problems.append("seq %d: does not link to seq %d (prev_hash differs from its hash)" % (seq, previous["seq"]))
            else:
                gaps.append((previous["seq"] + 1, seq - 1))
            if row["timestamp"] < previous["timestamp"]:
                earlier += 1
        first = first or row
        first_time = first_time or row["timestamp"]
        last_time = row["timestamp"]
        by_seq[seq] = row["hash"]
        previous = row

    kind = "%s rows (%s)" % (manifest["source"], "JSON Lines" if manifest["format"] == "jsonl" else "CSV")
    if rows != manifest["rowCount"]:
        problems.append("the file has %s, the manifest says %s" % (plural(rows, "row"), plural(manifest["rowCount"], "row")))
    if not chained:
        facts.append("%s %s, as the manifest counts (this table is not hash-chained: integrity only)." % (format(rows, ","), kind))
    else:
        first_seq = first["seq"] if first else None
        last_seq = previous["seq"] if previous else None
        if first_seq != manifest.get("firstSeq"):
            problems.append("the first row is seq %s, the manifest says %s" % (first_seq, manifest.get("firstSeq")))
        if last_seq != manifest.get("lastSeq"):
            problems.append("the last row is seq %s, the manifest says %s" % (last_seq, manifest.get("lastSeq")))
        head = manifest["chainHead"]
        if previous and previous["seq"] == head["seq"] and previous["hash"] != head["hash"]:
            problems.append("the last row (seq %d) is not the chain head recorded at export time" % previous["seq"])
        if rows:
            facts.append("%s %s, seq %d to %d, dated %s to %s." % (format(rows, ","), kind, first_seq, last_seq, first_time, last_time))
            facts.append("%s of %s hash to their content, recomputed from the canonical form." % (format(hashed, ","), plural(rows, "row")))
            facts.append("%s checked: each of those rows names the row before it. %s." % (
                plural(links, "link"), plural(len(gaps) + 1, "unbroken segment")))
        else:
            facts.append("The export holds no rows.")
        if manifest["filtered"]:
            names = ", ".join(manifest["filters"]["fields"])
            if gaps:
                facts.append("%s accepted because the export is filtered (by %s) and rows outside the filters are not in it:" % (
                    plural(len(gaps), "gap"), names))
                for low, high in gaps[:50]:
                    facts.append("  seq %s absent" % (low if low == high else "%d to %d (%s)" % (low, high, plural(high - low + 1, "row"))))
                if len(gaps) > 50:
                    facts.append("  … and %s more" % plural(len(gaps) - 50, "gap"))
            else:
                facts.append("The export is filtered (by %s); no sequence number is missing between its rows." % names)
        else:
            for low, high in gaps:
                problems.append("seq %s missing from an unfiltered export" % (low if low == high else "%d to %d" % (low, high)))
            if rows and first_seq != 1:
                problems.append("an unfiltered export starts at seq %s, not at seq 1" % first_seq)
            if (last_seq or 0) != head["seq"]:
                problems.append("an unfiltered export ends at seq %s, not at the chain head %d" % (last_seq or 0, head["seq"]))
            if not gaps and (not rows or first_seq == 1) and (last_seq or 0) == head["seq"]:
                facts.append("The export is unfiltered and complete: every row from seq 1 to the chain head at export time (seq %d, hash %s)." % (
                    head["seq"], head["hash"]))
        if earlier:
            facts.append("Note: %s dated before the row preceding it (the format allows this; chain order is insertion order)." % plural(earlier, "row is", "rows are"))

    if checkpoints_path:
        trusted = read_checkpoints(checkpoints_path, keys, problems)
        inside = sorted(seq for seq in trusted if seq in by_seq)
        for seq in inside:
            if by_seq[seq] != trusted[seq][0]:
                problems.append("seq %d: differs from the signed checkpoint of %s (history rewritten)" % (seq, trusted[seq][1]))
        matched = [seq for seq in inside if by_seq[seq] == trusted[seq][0]]
        facts.append("%s trusted; %s of them in this export, matching its rows." % (
            plural(len(trusted), "signed checkpoint"), format(len(matched), ",")))
        if matched and not manifest["filtered"] and not gaps and first and first["seq"] == 1:
            facts.append("So rows 1 to %d are exactly the history signed at %s." % (matched[-1], trusted[matched[-1]][1]))
    if proofs_path:
        if not chained:
            problems.append("membership proofs exist for compliance_logs exports only")
        else:
            signed, proofs = read_proofs(proofs_path, keys, problems)
            proven = {}
            for seq, row_digest in computed:
                why = membership_problem(seq, row_digest, signed, proofs, proven)
                if why:
                    problems.append(why)
            total = sum(proven.values())
            facts.append("%s of %s proven members of the signed audit chain (RFC 9162 inclusion proofs; the leaf is each row's hash recomputed from its content):" % (
                format(total, ","), plural(len(computed), "row")))
            for size in sorted(proven):
                facts.append("  %s at the checkpoint of seq %d, signed %s by key %s" % (
                    plural(proven[size], "row"), size, signed[size]["at"], signed[size]["key"]))
    elif chained and rows:
        facts.append("Membership of the signed chain was not checked: no proofs file (--proofs) was given.")
    return problems, facts


def main(argv):
    parser = argparse.ArgumentParser(description="Verify a SaltBitter audit export against its manifest (docs/audit-format.md).")
    parser.add_argument("export")
    parser.add_argument("manifest")
    parser.add_argument("--public-key", action="append", default=[], help="trusted Ed25519 public key (file, or base64); repeatable")
    parser.add_argument("--checkpoints", help="a signed checkpoint file to check the export's rows against")
    parser.add_argument("--proofs", help="the export's proofs file: prove each row a member of the signed chain")
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        sources = args.public_key or ([os.environ["AUDIT_VERIFY_KEY"]] if os.environ.get("AUDIT_VERIFY_KEY") else [])
        keys = dict(read_public_key(source) for source in sources)
        problems, facts = verify(args.export, args.manifest, keys, args.checkpoints, args.proofs)
    except InputError as error:
        print("✗ cannot verify: %s" % error, file=sys.stderr)
        return 2
    if problems:
        print("✗ The export does NOT verify: %s." % plural(len(problems), "problem"), file=sys.stderr)
        for problem in problems[:100]:
            print("- " + problem, file=sys.stderr)
        if len(problems) > 100:
            print("… and %s more" % plural(len(problems) - 100, "problem"), file=sys.stderr)
        print("What was read:", file=sys.stderr)
        for fact in facts:
            print("- " + fact, file=sys.stderr)
        return 1
    print("✓ The export verifies. What was checked:")
    for fact in facts:
        print("- " + fact)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

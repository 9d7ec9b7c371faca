# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check Helm chart values against the chart's values.yaml key structure and values.schema.json.

The key rule: a key the user sets must exist at the same place in the chart's
default values, except below a *free-form* key, whose content is not checked:

- a key whose default is an empty map ``{}`` or ``null`` (for example
  ``podAnnotations: {}``, ``nodeSelector: {}``), or a list, or a scalar;
- a key whose name is in FREE_FORM_NAMES (maps Kubernetes or the chart define,
  such as ``resources``, ``annotations``, ``labels``, ``affinity``), at any depth;
- a dotted path given by the caller in ``free_form``.

Charts that keep their defaults under ``_internal_defaults_do_not_set`` (Istio)
are read as if those defaults were at the top. ``aliases`` maps a top-level key
to a path whose structure it shares (Istio's istiod chart reads ``pilot.*`` as
its top-level values: ``{"pilot": ""}``).
"""

from __future__ import annotations

import copy
import difflib
import json

FREE_FORM_NAMES = frozenset(
    (
        "annotations",
        "labels",
        "podAnnotations",
        "podLabels",
        "nodeSelector",
        "affinity",
        "tolerations",
        "resources",
        "securityContext",
        "podSecurityContext",
        "containerSecurityContext",
        "env",
        "extraEnv",
        "meshConfig",
        "global",
    )
)
INTERNAL_DEFAULTS = "_internal_defaults_do_not_set"


def effective_defaults(defaults):
    """Defaults with Istio's _internal_defaults_do_not_set lifted to the top level."""
    defaults = copy.deepcopy(defaults or {})
    inner = defaults.pop(INTERNAL_DEFAULTS, None)
    if isinstance(inner, dict):
        merged = dict(inner)
        merged.update(defaults)
        return merged
    return defaults


def _lookup(tree, path):
    node = tree
    for part in [p for p in path.split(".") if p]:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def check_keys(values, defaults, free_form=(), aliases=None):
    """Return a list of problems {path, key, suggestion, message} for keys the chart does not know."""
    tree = effective_defaults(defaults)
    free = set(free_form or ())
    aliases = aliases or {}
    problems = []

    def walk(user, ref, path):
        for key, value in user.items():
            kpath = f"{path}.{key}" if path else str(key)
            if kpath in free or key in FREE_FORM_NAMES:
                continue
            if not path and key in aliases:
                target = _lookup(tree, aliases[key]) if aliases[key] else tree
                if isinstance(value, dict) and isinstance(target, dict):
                    walk(value, target, kpath)
                continue
            if key not in ref:
                close = difflib.get_close_matches(str(key), [str(k) for k in ref], n=1, cutoff=0.6)
                suggestion = f"{path}.{close[0]}" if close and path else (close[0] if close else None)
                msg = f"values key {kpath!r} is not a key of the chart"
                msg += f"; did you mean {suggestion!r}?" if suggestion else f"; valid keys here: {', '.join(sorted(map(str, ref))[:30])}"
                problems.append({"path": kpath, "key": key, "suggestion": suggestion, "message": msg})
                continue
            default = ref[key]
            if isinstance(default, dict) and default:
                if isinstance(value, dict):
                    walk(value, default, kpath)
                elif value is not None:
                    problems.append(
                        {
                            "path": kpath,
                            "key": key,
                            "suggestion": None,
                            "message": f"values key {kpath!r} is {value!r}: expected a map (the chart's default is a map)",
                        }
                    )

    if not isinstance(values, dict):
        return [{"path": "", "key": None, "suggestion": None, "message": f"values={values!r}: expected a map"}]
    walk(values, tree, "")
    return problems


def deep_merge(base, over):
    out = copy.deepcopy(base)
    for k, v in (over or {}).items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def check_schema(values, defaults, schema):
    """Validate the merged values (as Helm does) against values.schema.json; a list of problems."""
    try:
        import jsonschema
    except ImportError as e:  # pragma: no cover
        raise RuntimeError(f"the jsonschema Python library is required to check values.schema.json: {e}") from e
    if isinstance(schema, str):
        schema = json.loads(schema)
    validator = jsonschema.Draft202012Validator(schema)
    merged = deep_merge(defaults or {}, values or {})
    problems = []
    for err in sorted(validator.iter_errors(merged), key=lambda e: list(e.absolute_path)):
        path = ".".join(str(p) for p in err.absolute_path)
        suggestion = None
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = list((err.schema.get("properties") or {}).keys())
            extra = [k for k in err.instance if k not in allowed]
            if extra:
                close = difflib.get_close_matches(str(extra[0]), allowed, n=1, cutoff=0.6)
                suggestion = (f"{path}.{close[0]}" if path else close[0]) if close else None
                path = f"{path}.{extra[0]}" if path else str(extra[0])
        msg = f"values.schema.json: {path or '(top level)'}: {err.message}"
        if suggestion:
            msg += f"; did you mean {suggestion!r}?"
        problems.append({"path": path, "key": path.rsplit(".", 1)[-1] if path else None, "suggestion": suggestion, "message": msg})
    return problems


def validate(values, defaults, schema=None, free_form=(), aliases=None):
    """All problems from the key check and, when a schema is given, the schema check."""
    problems = check_keys(values, defaults, free_form=free_form, aliases=aliases)
    if schema:
        seen = {p["path"] for p in problems}
        problems += [p for p in check_schema(values, defaults, schema) if p["path"] not in seen]
    return problems

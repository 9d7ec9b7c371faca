"""plugin_utils.filters: filters hand builders plain data and report their errors by filter name."""

from collections import OrderedDict
from collections.abc import Mapping

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.plugins.plugin_utils.filters import call, mapping, plain


class LazyMapping(Mapping):
    """Stands in for Ansible's lazy containers: a Mapping that is not a plain dict and must not be copied as is."""

    def __init__(self, data):
        self._data = data

    def __getitem__(self, key):
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)

    def __deepcopy__(self, memo):
        raise AssertionError("a builder copied a lazy container")


class LazyDict(dict):
    pass


def test_plain_turns_every_mapping_and_sequence_into_dict_and_list():
    value = LazyMapping({"a": LazyDict(b=(1, 2)), "c": [LazyMapping({"d": "x"})], "e": OrderedDict(f=None)})
    out = plain(value)
    assert out == {"a": {"b": [1, 2]}, "c": [{"d": "x"}], "e": {"f": None}}
    assert isinstance(out, dict) and isinstance(out["a"], dict) and not isinstance(out["a"], LazyDict)
    assert isinstance(out["a"]["b"], list) and isinstance(out["c"][0], dict) and not isinstance(out["e"], OrderedDict)


class TaggedStr(str):
    pass


def test_plain_makes_tagged_strings_plain_so_yaml_can_dump_them():
    import yaml

    out = plain({TaggedStr("api/alpha"): [TaggedStr("false")]})
    assert yaml.safe_dump(out) == "api/alpha:\n- 'false'\n"
    with pytest.raises(yaml.representer.RepresenterError):
        yaml.safe_dump({TaggedStr("api/alpha"): 1})


def test_plain_keeps_scalars():
    for v in ("s", 1, 1.5, True, None):
        assert plain(v) is v


def test_call_hands_the_builder_plain_data():
    import copy

    seen = {}

    def builder(cfg, extra=None):
        seen["cfg"] = copy.deepcopy(cfg)  # would raise on the lazy container
        seen["extra"] = copy.deepcopy(extra)
        return cfg

    out = call("demo", builder, LazyMapping({"k": LazyMapping({"v": 1})}), extra=LazyMapping({"x": [2]}))
    assert out == {"k": {"v": 1}} and seen == {"cfg": {"k": {"v": 1}}, "extra": {"x": [2]}}


def test_call_names_the_filter_on_builder_errors():
    def bad(_cfg):
        raise ValidationError("teams[0].name='X': expected a DNS label")

    with pytest.raises(AnsibleFilterError, match=r"^demo: teams\[0\]\.name='X': expected a DNS label"):
        call("demo", bad, {})
    with pytest.raises(AnsibleFilterError, match=r"^demo: malformed input: KeyError"):
        call("demo", lambda cfg: cfg["missing"], {})


def test_mapping_refuses_non_mappings():
    assert mapping("demo", {"a": 1}) == {"a": 1}
    with pytest.raises(AnsibleFilterError, match=r"demo: input=\[1\]: expected a mapping"):
        mapping("demo", [1])

#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: upstream_fetch
short_description: Find, fetch and verify the pinned upstream data the roles read (CRDs, install manifests, chart values)
version_added: 0.1.0
description:
  - The collection's one resolver of upstream data. The pinned list (C(plugins/module_utils/upstream_pins.py)) names,
    per item (an upstream release such as C(flux-2.9.4)), each file, its upstream URL and its sha256.
  - "It tries, in order: O(dir), a directory prepared beforehand for air-gapped use, where every file must be present
    and match its pin; the download cache O(cache), laid out the same way (C(<item>/<path>)); a download from
    O(mirror) when it is set, otherwise from the upstream URL."
  - A download goes to a temporary file beside its place in the cache and is renamed into place only after its
    length and sha256 are checked, so a corrupt or partial file never stays in the cache, and two runs at once do not
    corrupt each other. A copy in the cache that no longer matches its pin is removed and fetched again.
  - Release assets that are not byte-identical to a file at the upstream tag (Flux's C(install.yaml),
    cert-manager's C(cert-manager.crds.yaml)) are pinned on first use, in O(lock_file); every later run verifies
    them against it, as C(terraform init) does with C(.terraform.lock.hcl). RV(first_use) lists them.
  - On a wrong checksum, a partial download or an unreachable source it fails before anything else happens, naming
    the item, the URL, the expected and actual sha256, the cache path and the command that pre-fetches.
author:
  - platform.runtime contributors (@platform-runtime)
extends_documentation_fragment:
  - platform.runtime.attributes
attributes:
  check_mode:
    support: full
    details: >-
      Reports what is fetched and what would be pinned on first use. The lock file is not written; missing files
      are still fetched into the cache (verified), so the rest of a C(--check) run can read them.
  diff_mode:
    support: none
options:
  components:
    description: Platform components (C(platform_components)) whose items are needed.
    type: list
    elements: str
    default: []
  items:
    description: Items needed besides those of O(components), by name (for example V(gatekeeper-library-5c441fb)).
    type: list
    elements: str
    default: []
  all:
    description: Every pinned item (what the C(platform.runtime.fetch_upstream) playbook pre-fetches for air-gapped use).
    type: bool
    default: false
  dir:
    description: A directory prepared beforehand, laid out by item; nothing is downloaded when it is set.
    type: path
  cache:
    description: The download cache, laid out by item and version.
    type: path
    default: ~/.cache/platform-runtime/upstream
  mirror:
    description:
      - Base URL of a mirror that serves the upstream files by host and path, as Artifactory or Nexus remote
        repositories do; V(https://raw.githubusercontent.com/a/b) is fetched from V(<mirror>/raw.githubusercontent.com/a/b).
    type: str
  lock_file:
    description: The lock file of the files pinned on first use (normally beside the inventory).
    type: path
  timeout:
    description: Seconds to wait for each download.
    type: int
    default: 60
  validate_certs:
    description: Verify TLS certificates of the source.
    type: bool
    default: true
"""

EXAMPLES = r"""
- name: Resolve what the enabled components read
  platform.runtime.upstream_fetch:
    components: "{{ platform_components }}"
    lock_file: "{{ inventory_dir }}/platform-upstream.lock.json"
  register: upstream

- name: Pre-fetch everything into a directory for an air-gapped site
  platform.runtime.upstream_fetch:
    all: true
    cache: /srv/platform-upstream
    lock_file: /srv/platform-upstream/platform-upstream.lock.json

- name: Through a company mirror
  platform.runtime.upstream_fetch:
    components: [flux, gatekeeper]
    mirror: https://artifacts.example.com/artifactory/github-remote
"""

RETURN = r"""
root:
  description: The directory the roles read the items from (O(dir) or O(cache)), laid out as C(<item>/<path>).
  type: str
  returned: always
  sample: /home/user/.cache/platform-runtime/upstream
source:
  description: V(dir) when O(dir) was used, V(cache) otherwise.
  type: str
  returned: always
upstream_items:
  description: The items resolved.
  type: list
  elements: str
  returned: always
  sample: [flux-2.9.4, gatekeeper-3.23.0]
components:
  description: The components whose items were resolved (O(components)).
  type: list
  elements: str
  returned: always
files:
  description: How many files were checked.
  type: int
  returned: always
fetched:
  description: The files downloaded in this run (C(file), C(url)).
  type: list
  elements: dict
  returned: always
first_use:
  description: The files pinned on first use in this run (C(file), C(url), C(sha256)), now recorded in O(lock_file).
  type: list
  elements: dict
  returned: always
lock_file:
  description: The lock file.
  type: str
  returned: always
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.urls import open_url

from ansible_collections.platform.runtime.plugins.module_utils import runner, upstream_store

ARGUMENT_SPEC = dict(
    components=dict(type="list", elements="str", default=[]),
    items=dict(type="list", elements="str", default=[]),
    all=dict(type="bool", default=False),
    dir=dict(type="path"),
    cache=dict(type="path", default="~/.cache/platform-runtime/upstream"),
    mirror=dict(type="str"),
    lock_file=dict(type="path"),
    timeout=dict(type="int", default=60),
    validate_certs=dict(type="bool", default=True),
)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, lambda ctx: upstream_store.run(ctx.params, ctx.check_mode, open_url))


if __name__ == "__main__":
    main()

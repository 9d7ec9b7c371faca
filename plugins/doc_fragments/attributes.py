# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    # Every module of this collection runs where Ansible runs it (normally the controller, against
    # localhost) and talks to an API; each module adds its own check_mode/diff_mode support.
    DOCUMENTATION = r"""
attributes:
  check_mode:
    description: Predicts what would change and reports it without changing anything.
  diff_mode:
    description: Returns what changed, or would change in check mode, as before and after.
  platform:
    description: Where the module can run.
    support: full
    platforms: posix
    details: Runs on the Ansible controller (or any POSIX host with the Python dependencies) and talks to the API over the network.
"""

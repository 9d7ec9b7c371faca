# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one way every module runs: ``runner.run(module, service, connect=...)``.

A module's ``main()`` is its ``ARGUMENT_SPEC``, the ``AnsibleModule`` (or ``AnsibleAWSModule``) and one call here.
The runner:

- checks the optional libraries the module needs before anything runs (``requires``: ``(available, library)`` or
  ``(available, library, import_error)``);
- gives the service a ``Context``: parameters, check mode, diff, ``warn``, ``run_command``, and a client that is made
  only when the service first asks for it (``ctx.client``, or ``ctx.connect`` for services that take a callable);
- maps ``PlatformError`` (``ValidationError`` included) to ``fail_json``: the message names the field, the value and
  what is expected, the error's ``result`` mapping goes into the failure, a ValidationError adds its ``errors`` and an
  AWS error that wraps a botocore error (``botocore_error``) is reported with ``fail_json_aws``;
- drops ``diff`` from the result unless the run asked for it (``--diff``);
- handles the ``fail_on_*`` options: ``fail_on={"fail_on_failure": message}`` fails with ``message(result)`` and the
  whole result when that option is true and ``message`` returns text.

It imports nothing from the Kubernetes or AWS layers: ``connect`` is whatever builds the module's client.
"""

from __future__ import annotations

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError, ValidationError


class Context:
    """What a service sees of the module run."""

    def __init__(self, module, connect=None):
        self.module = module
        self.params = module.params
        self.check_mode = module.check_mode
        self.diff = bool(getattr(module, "_diff", False))
        self.warn = module.warn
        self.run_command = module.run_command
        self._connect = connect
        self._client = None

    @property
    def tmpdir(self):
        return self.module.tmpdir

    def connect(self):
        """The module's client, made on the first call (``connect(module)``) and reused after."""
        if self._client is None:
            if self._connect is None:
                raise PlatformError("this module has no client: runner.run() was given no connect")
            self._client = self._connect(self.module)
        return self._client

    @property
    def client(self):
        return self.connect()


def failure(error):
    """``(fail_json_aws cause or None, fields)`` of a PlatformError: msg, the error's ``result`` and ``errors``."""
    fields = dict(getattr(error, "result", None) or {})
    if isinstance(error, ValidationError):
        fields.setdefault("errors", list(error.errors))
    fields["msg"] = str(error)
    return getattr(error, "botocore_error", None), fields


def run(module, service, connect=None, requires=(), fail_on=None):
    """Run ``service(Context)`` for ``module`` and exit with its result (a dict), or fail; never returns."""
    for available, library, *error in requires:
        if not available:
            module.fail_json(msg=missing_required_lib(library), **({"exception": str(error[0])} if error else {}))
    ctx = Context(module, connect)
    try:
        result = service(ctx)
    except PlatformError as e:
        cause, fields = failure(e)
        if cause is not None and hasattr(module, "fail_json_aws"):
            module.fail_json_aws(cause, **fields)
        module.fail_json(**fields)
    if not ctx.diff:
        result.pop("diff", None)
    for option, message in (fail_on or {}).items():
        text = module.params.get(option) and message(result)
        if text:
            module.fail_json(msg=text, **result)
    module.exit_json(**result)

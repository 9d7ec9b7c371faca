# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    # Matches aws.AWS_ARG_SPEC.
    DOCUMENTATION = r"""
options:
  region:
    description:
      - The AWS region. Defaults to E(AWS_REGION), E(AWS_DEFAULT_REGION) or the profile's region, as boto3 resolves it.
    type: str
    aliases: [aws_region]
  endpoint_url:
    description:
      - A different endpoint for the service, for example a moto server in tests.
      - When unset, botocore reads E(AWS_ENDPOINT_URL) and E(AWS_ENDPOINT_URL_EKS).
    type: str
    aliases: [aws_endpoint_url]
  profile:
    description:
      - A named profile from the shared AWS configuration files.
    type: str
    aliases: [aws_profile]
  access_key:
    description:
      - AWS access key ID. Defaults to the usual boto3 credential chain. Never logged.
    type: str
    aliases: [aws_access_key_id]
  secret_key:
    description:
      - AWS secret access key. Never logged.
    type: str
    aliases: [aws_secret_access_key]
  session_token:
    description:
      - AWS session token for temporary credentials. Never logged.
    type: str
    aliases: [aws_session_token]
requirements:
  - boto3 >= 1.34.0
  - botocore >= 1.34.0
"""

    # Matches aws.WAIT_ARG_SPEC.
    WAIT = r"""
options:
  wait:
    description:
      - Wait until the resource is active (or gone) and every update has finished.
      - Version upgrades always wait for each step, because the next step needs the previous one done.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for each create, delete or update. The waiters' attempts are sized from it.
    type: int
    default: 1200
"""

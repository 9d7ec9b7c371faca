"""Route 53 failover records and health checks for two regions (role global_dns) against a real moto server."""

from __future__ import annotations

import boto3
import pytest
import yaml

pytestmark = [pytest.mark.aws]

HOSTS = {
    "prod-use1": {"global_dns_failover": "PRIMARY", "platform_region": "us-east-1", "global_dns_endpoint": "gw-use1.elb.us-east-1.amazonaws.com"},
    "prod-usw2": {
        "global_dns_failover": "SECONDARY",
        "platform_region": "us-west-2",
        "global_dns_endpoint": "gw-usw2.elb.us-west-2.amazonaws.com",
        # What the istio role publishes for its Gateway: the Service's https port and the health path.
        "istio_info": {"ingress_https_port": 8443, "ingress_health_path": "/ready"},
    },
}
# The health check follows the Gateway: its HTTPS port and health path (the defaults where istio_info has none).
HEALTH = {"prod-use1": (443, "/healthz/ready"), "prod-usw2": (8443, "/ready")}


@pytest.fixture
def inventory(tmp_path, unique):
    zone = f"dns{unique}.example.com"
    inv = {
        "all": {
            "children": {
                "platform": {
                    "hosts": {h: dict(v, ansible_connection="local", ansible_python_interpreter="{{ ansible_playbook_python }}") for h, v in HOSTS.items()},
                    "vars": {"global_dns_zone": zone, "global_dns_create_zone": True, "global_dns_hosts": [f"pay.{zone}", f"api.{zone}"]},
                }
            }
        }
    }
    path = tmp_path / "hosts.yml"
    path.write_text(yaml.safe_dump(inv))
    return str(path), zone


def _records(zone):
    r53 = boto3.client("route53")
    zone_id = next(z["Id"] for z in r53.list_hosted_zones()["HostedZones"] if z["Name"] == zone + ".")
    sets = r53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
    return [s for s in sets if s["Type"] == "CNAME"], r53


def test_failover_records_and_health_checks_create_rerun_check(moto_server, run_playbook, inventory):
    inv, zone = inventory
    first = run_playbook("tests/integration/playbooks/global_dns.yml", inventory=inv)
    assert first.rc == 0, first.explain()
    assert first.changed("prod-use1") >= 2 and first.changed("prod-usw2") >= 2

    records, r53 = _records(zone)
    assert len(records) == 4
    by = {(r["Name"], r["SetIdentifier"]): r for r in records}
    checks = {h["HealthCheckConfig"]["FullyQualifiedDomainName"]: h for h in r53.list_health_checks()["HealthChecks"]}
    for host, hv in HOSTS.items():
        hc = checks[hv["global_dns_endpoint"]]
        assert hc["HealthCheckConfig"]["Type"] == "HTTPS"
        assert (hc["HealthCheckConfig"]["Port"], hc["HealthCheckConfig"]["ResourcePath"]) == HEALTH[host]
        for name in (f"pay.{zone}.", f"api.{zone}."):
            rec = by[(name, host)]
            assert rec["Failover"] == hv["global_dns_failover"]
            assert rec["ResourceRecords"] == [{"Value": hv["global_dns_endpoint"]}]
            assert rec["HealthCheckId"] == hc["Id"]

    again = run_playbook("tests/integration/playbooks/global_dns.yml", inventory=inv)
    assert again.rc == 0, again.explain()
    assert again.changed("prod-use1") == 0 and again.changed("prod-usw2") == 0, again.explain()

    # --check with a moved endpoint predicts the change and changes nothing.
    moved = run_playbook("tests/integration/playbooks/global_dns.yml", inventory=inv, check=True, extra_vars={"global_dns_ttl": 30})
    assert moved.rc == 0, moved.explain()
    # One task (looping over both hosts) per region would change; the stats count tasks.
    assert moved.changed("prod-use1") == 1 and moved.changed("prod-usw2") == 1
    (records_task,) = moved.task_results("Records of the public hosts", host="prod-use1")
    assert [r["changed"] for r in records_task["results"]] == [True, True]
    assert {r["TTL"] for r in _records(zone)[0]} == {60}

    check = run_playbook("tests/integration/playbooks/global_dns.yml", inventory=inv, check=True)
    assert check.rc == 0 and check.changed("prod-use1") == 0 and check.changed("prod-usw2") == 0, check.explain()


def test_bad_settings_are_refused_before_any_call(moto_server, run_playbook, inventory):
    inv, zone = inventory
    bad = run_playbook("tests/integration/playbooks/global_dns.yml", inventory=inv, extra_vars={"global_dns_hosts": ["pay.other.org"]})
    assert bad.rc != 0
    assert 'global_dns_hosts=[\\"pay.other.org\\"] (expected a non-empty list of names inside the zone)' in bad.stdout, bad.stdout[-3000:]
    assert not [z for z in boto3.client("route53").list_hosted_zones()["HostedZones"] if z["Name"] == zone + "."]

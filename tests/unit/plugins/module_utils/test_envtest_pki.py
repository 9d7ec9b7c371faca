"""Every certificate the collection makes verifies under strict RFC 5280 checks (issue 25).

Python 3.13's ``ssl.create_default_context()`` sets ``VERIFY_X509_STRICT`` (and ``VERIFY_X509_PARTIAL_CHAIN``); the
flags are set explicitly here so that the same checks run on Python 3.11. Each check is a real TLS handshake over
memory buffers: the server presents the certificate, the client verifies it against ``ca.crt``.
"""

from __future__ import annotations

import datetime
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ansible_collections.platform.runtime.plugins.module_utils import envtest
from ansible_collections.platform.runtime.tests.support.pki import issue_client_cert

STRICT = ssl.VERIFY_X509_STRICT | getattr(ssl, "VERIFY_X509_PARTIAL_CHAIN", 0)


def _client_context(ca_file, strict=True):
    ctx = ssl.create_default_context(cafile=str(ca_file))
    if strict:
        ctx.verify_flags |= STRICT
    else:
        ctx.verify_flags &= ~STRICT
    return ctx


def _handshake(server_ctx, client_ctx, server_hostname):
    """Run a TLS handshake between the two contexts in memory; raises the verification error of either side."""
    c_in, c_out, s_in, s_out = ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO()
    client = client_ctx.wrap_bio(c_in, c_out, server_hostname=server_hostname)
    server = server_ctx.wrap_bio(s_in, s_out, server_side=True)
    done = {"client": False, "server": False}
    for _round in range(20):
        for name, end in (("client", client), ("server", server)):
            if not done[name]:
                try:
                    end.do_handshake()
                    done[name] = True
                except ssl.SSLWantReadError:
                    pass
            s_in.write(c_out.read())
            c_in.write(s_out.read())
        if all(done.values()):
            return client.getpeercert()
    raise AssertionError("the handshake did not finish")


def _server_context(cert, key, client_ca=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(cert), str(key))
    if client_ca:
        ctx.load_verify_locations(cafile=str(client_ca))
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.verify_flags |= STRICT
    return ctx


def _ext(path, cls):
    cert = x509.load_pem_x509_certificate(path.read_bytes())
    return cert.extensions.get_extension_for_class(cls).value


def _old_form_pki(d):
    """The PKI as envtest made it before issue 25: no Subject or Authority Key Identifier anywhere."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "platform-runtime-envtest-ca")])
    base = x509.CertificateBuilder().serial_number(x509.random_serial_number())
    base = base.not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=30))
    ca = (
        base.subject_name(name)
        .issuer_name(name)
        .public_key(ca_key.public_key())
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = (
        x509.CertificateBuilder()
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kube-apiserver")]))
        .issuer_name(name)
        .public_key(key.public_key())
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (d / "ca.crt").write_bytes(ca.public_bytes(pem))
    (d / "ca.key").write_bytes(ca_key.private_bytes(pem, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()))
    (d / "serving.crt").write_bytes(leaf.public_bytes(pem))
    (d / "serving.key").write_bytes(key.private_bytes(pem, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()))


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "kubernetes.default.svc"])
def test_the_serving_chain_verifies_strictly(tmp_path, host):
    envtest.generate_pki(str(tmp_path))
    peer = _handshake(_server_context(tmp_path / "serving.crt", tmp_path / "serving.key"), _client_context(tmp_path / "ca.crt"), host)
    assert dict(x[0] for x in peer["subject"])["commonName"] == "kube-apiserver"


def test_every_certificate_carries_key_identifiers_that_link_the_chain(tmp_path):
    envtest.generate_pki(str(tmp_path))
    ca_ski = _ext(tmp_path / "ca.crt", x509.SubjectKeyIdentifier).digest
    assert _ext(tmp_path / "ca.crt", x509.AuthorityKeyIdentifier).key_identifier == ca_ski
    assert _ext(tmp_path / "serving.crt", x509.AuthorityKeyIdentifier).key_identifier == ca_ski
    serving = x509.load_pem_x509_certificate((tmp_path / "serving.crt").read_bytes())
    assert _ext(tmp_path / "serving.crt", x509.SubjectKeyIdentifier).digest == x509.SubjectKeyIdentifier.from_public_key(serving.public_key()).digest
    assert _ext(tmp_path / "serving.crt", x509.BasicConstraints).ca is False


def test_the_old_form_fails_strict_verification(tmp_path):
    """Without the key identifiers the chain passes the lenient checks and fails the strict ones: the test can fail."""
    _old_form_pki(tmp_path)
    server = _server_context(tmp_path / "serving.crt", tmp_path / "serving.key")
    _handshake(server, _client_context(tmp_path / "ca.crt", strict=False), "localhost")
    with pytest.raises(ssl.SSLCertVerificationError, match="Key Identifier"):
        _handshake(server, _client_context(tmp_path / "ca.crt"), "localhost")


def test_kept_old_data_is_reported_and_reissued_so_it_verifies_strictly(tmp_path):
    _old_form_pki(tmp_path)
    old_ca = x509.load_pem_x509_certificate((tmp_path / "ca.crt").read_bytes())
    problem = envtest.serving_cert_problem(str(tmp_path))
    assert problem.startswith("ca.crt has no Subject Key Identifier")
    envtest.issue_serving_cert(str(tmp_path))
    assert envtest.serving_cert_problem(str(tmp_path)) is None
    new_ca = x509.load_pem_x509_certificate((tmp_path / "ca.crt").read_bytes())
    assert (new_ca.subject, new_ca.public_key().public_numbers(), new_ca.not_valid_after_utc) == (
        old_ca.subject,
        old_ca.public_key().public_numbers(),
        old_ca.not_valid_after_utc,
    )
    _handshake(_server_context(tmp_path / "serving.crt", tmp_path / "serving.key"), _client_context(tmp_path / "ca.crt"), "127.0.0.1")


def test_a_serving_cert_without_aki_under_a_good_ca_is_reported(tmp_path):
    envtest.generate_pki(str(tmp_path))
    ca_dir = tmp_path / "old"
    ca_dir.mkdir()
    _old_form_pki(ca_dir)
    # the old-form leaf, but signed by the current CA (same name): only the missing AKI is wrong
    ca = x509.load_pem_x509_certificate((tmp_path / "ca.crt").read_bytes())
    ca_key = serialization.load_pem_private_key((tmp_path / "ca.key").read_bytes(), password=None)
    old_leaf = x509.load_pem_x509_certificate((ca_dir / "serving.crt").read_bytes())
    builder = x509.CertificateBuilder().subject_name(old_leaf.subject).issuer_name(ca.subject).public_key(old_leaf.public_key())
    builder = builder.serial_number(old_leaf.serial_number).not_valid_before(old_leaf.not_valid_before_utc).not_valid_after(old_leaf.not_valid_after_utc)
    for ext in old_leaf.extensions:
        builder = builder.add_extension(ext.value, critical=ext.critical)
    (tmp_path / "serving.crt").write_bytes(builder.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
    (tmp_path / "serving.key").write_bytes((ca_dir / "serving.key").read_bytes())
    assert envtest.serving_cert_problem(str(tmp_path)).startswith("no Authority Key Identifier")
    with pytest.raises(ssl.SSLCertVerificationError, match="Missing Authority Key Identifier"):
        _handshake(_server_context(tmp_path / "serving.crt", tmp_path / "serving.key"), _client_context(tmp_path / "ca.crt"), "localhost")


def test_client_certificates_verify_strictly(tmp_path):
    """The test helper's client certificates (x509 users) pass a server that verifies clients strictly."""
    envtest.generate_pki(str(tmp_path))
    cert, key = issue_client_cert(str(tmp_path), "cert-user", ["team-a"])
    server = _server_context(tmp_path / "serving.crt", tmp_path / "serving.key", client_ca=tmp_path / "ca.crt")
    client = _client_context(tmp_path / "ca.crt")
    client.load_cert_chain(cert, key)
    _handshake(server, client, "localhost")


def test_what_the_old_ca_signed_still_verifies_after_it_is_resigned(tmp_path):
    _old_form_pki(tmp_path)
    cert, key = issue_client_cert(str(tmp_path), "early-user", [])
    envtest.issue_serving_cert(str(tmp_path))
    server = _server_context(tmp_path / "serving.crt", tmp_path / "serving.key", client_ca=tmp_path / "ca.crt")
    client = _client_context(tmp_path / "ca.crt")
    client.load_cert_chain(cert, key)
    _handshake(server, client, "localhost")

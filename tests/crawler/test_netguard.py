import pytest

from crawler.netguard import blocked_reason


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/admin",
        "http://10.1.2.3/",
        "http://192.168.1.1/",
        "http://172.16.0.5/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost:8080/",
        "http://0.0.0.0/",
    ],
)
def test_private_addresses_are_refused(url: str) -> None:
    assert blocked_reason(url) is not None


def test_public_address_is_allowed() -> None:
    assert blocked_reason("http://93.184.216.34/") is None


def test_url_without_host() -> None:
    assert blocked_reason("file:///etc/passwd") == "no host in URL"

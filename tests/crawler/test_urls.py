from crawler.urls import canonical_url


def test_tracking_parameters_and_fragment_are_dropped() -> None:
    url = "HTTP://News.Example.cn:80/a/1.html?utm_source=wx&id=7&spm=a.b&from=timeline#comments"
    assert canonical_url(url) == "http://news.example.cn/a/1.html?id=7"


def test_query_is_sorted_and_real_parameters_kept() -> None:
    assert canonical_url("https://x.cn/t?b=2&a=1") == canonical_url("https://x.cn/t?a=1&b=2")
    assert canonical_url("https://x.cn/t?page=2") != canonical_url("https://x.cn/t?page=3")


def test_non_default_port_is_kept() -> None:
    assert canonical_url("http://127.0.0.1:8800/news/") == "http://127.0.0.1:8800/news/"
    assert canonical_url("https://x.cn:443/") == "https://x.cn/"

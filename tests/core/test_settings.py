"""Settings: defaults, file/line/key errors, environment overrides, secrets, docs in step."""

from __future__ import annotations

from pathlib import Path

import pytest

from tianluo.errors import ConfigError
from tianluo.settings import EnvRef, load_settings
from tianluo.settings_doc import render

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tianluo.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={})
    assert settings.storage.backend == "sqlite"
    assert settings.analysis.lpr_one_year * settings.analysis.yield_multiple == pytest.approx(12.0)


def test_errors_name_file_line_and_key(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "storage:\n  backend: mongo\n  batch_size: 0\ncrawl:\n  usr_agent: x\n",
    )
    with pytest.raises(ConfigError) as info:
        load_settings(path, environ={})
    text = str(info.value)
    assert f"{path}:2: storage.backend:" in text
    assert f"{path}:3: storage.batch_size:" in text
    assert f"{path}:5: crawl.usr_agent: 未知的键" in text
    assert len(info.value.problems) == 3


@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        ("storage: [1, 2]\n", 1, "storage"),
        ("crawl:\n  retries: many\n", 2, "crawl.retries"),
        ("alerts:\n  channels:\n    ops:\n      type: pager\n", 4, "alerts.channels.ops.type"),
        ("data_dir: ''\n", 1, "data_dir"),
        ("storage:\n  password: hunter2\n", 2, "storage.password"),
        ("schedule:\n  jitter: -5\n", 2, "schedule.jitter"),
    ],
)
def test_bad_values(tmp_path: Path, text: str, line: int, key: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, text), environ={})
    problem = info.value.problems[0]
    assert (problem[1], problem[2]) == (line, key)


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, "storage:\n  backend: [sqlite\ncrawl: {}\n"), environ={})
    assert info.value.problems[0][1] in (2, 3)
    assert "YAML 语法错误" in str(info.value)


def test_not_a_mapping_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="按节组织的映射"):
        load_settings(write(tmp_path, "- a\n- b\n"), environ={})
    with pytest.raises(ConfigError, match="配置文件不存在"):
        load_settings(tmp_path / "nope.yaml", environ={})


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "tianluo.yaml"
    path.write_bytes("\ufeffstorage:\r\n  backend: opensearch\r\n".encode())
    assert load_settings(path, environ={}).storage.backend == "opensearch"


def test_environment_overrides_and_names_the_variable(tmp_path: Path) -> None:
    path = write(tmp_path, "storage:\n  backend: sqlite\n")
    env = {"TIANLUO_STORAGE__BACKEND": "elasticsearch", "TIANLUO_CRAWL__RETRIES": "5"}
    settings = load_settings(path, environ=env)
    assert settings.storage.backend == "elasticsearch"
    assert settings.crawl.retries == 5
    with pytest.raises(ConfigError, match="环境变量 TIANLUO_CRAWL__RETRIES"):
        load_settings(path, environ={"TIANLUO_CRAWL__RETRIES": "lots"})


def test_secret_variables_with_the_prefix_are_not_overrides(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The shipped config names secrets like TIANLUO_DINGTALK_WEBHOOK: they must load."""
    path = write(tmp_path, "alerts:\n  channels: {}\n")
    env = {"TIANLUO_DINGTALK_WEBHOOK": "https://oapi.example/robot", "TIANLUO_ES_PASSWORD": "pw"}
    settings = load_settings(path, environ=env)
    assert settings.storage.backend == "sqlite"
    with caplog.at_level("WARNING"):
        load_settings(path, environ={"TIANLUO_STORGE__BACKEND": "opensearch"})
    assert "TIANLUO_STORGE__BACKEND：没有名为 'storge' 的设置节" in caplog.text


def test_secrets_are_environment_references(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "storage:\n  password: {env: ES_PW}\n")
    settings = load_settings(path, environ={})
    assert isinstance(settings.storage.password, EnvRef)
    monkeypatch.setenv("ES_PW", "s3cret")
    assert settings.storage.password.resolve() == "s3cret"
    monkeypatch.delenv("ES_PW")
    with pytest.raises(ConfigError, match=r"^环境变量: ES_PW: 密钥环境变量未设置"):
        settings.storage.password.resolve()


def test_settings_are_frozen(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "{}\n"), environ={})
    with pytest.raises(ValueError, match="frozen"):
        settings.storage.backend = "opensearch"  # type: ignore[misc]


def test_relative_paths_resolve_against_the_config_folder(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "data_dir: state\n"), environ={})
    assert settings.data_path == tmp_path / "state"


def test_configuration_reference_is_up_to_date() -> None:
    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert documented == render(), "run: python -m tianluo.settings_doc > docs/configuration.md"


def test_shipped_config_is_valid() -> None:
    load_settings(ROOT / "tianluo.yaml", environ={})


def test_public_url_defaults_to_the_serve_address(tmp_path: Path) -> None:
    config = tmp_path / "tianluo.yaml"
    config.write_text("serve:\n  port: 9123\n", encoding="utf-8")
    assert load_settings(config, environ={}).public_url == "http://127.0.0.1:9123"
    config.write_text("serve:\n  public_url: https://tl.example.cn/\n", encoding="utf-8")
    assert load_settings(config, environ={}).public_url == "https://tl.example.cn"


def test_old_base_url_still_works_with_a_deprecation_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = tmp_path / "tianluo.yaml"
    config.write_text("alerts:\n  base_url: http://old.example.cn:8080\n", encoding="utf-8")
    with caplog.at_level("WARNING"):
        settings = load_settings(config, environ={})
    assert settings.public_url == "http://old.example.cn:8080"
    assert f"{config}:2: alerts.base_url 已弃用：请改名为 serve.public_url" in caplog.text


def test_a_plain_text_secret_says_to_write_env(tmp_path: Path) -> None:
    config = tmp_path / "tianluo.yaml"
    config.write_text(
        "storage:\n  password: hunter2\nalerts:\n  channels:\n    hook: {type: webhook, url: 5}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_settings(config, environ={})
    problems = info.value.problems
    assert [(line, key) for _, line, key, _ in problems] == [
        (2, "storage.password"),
        (5, "alerts.channels.hook.url"),
    ]
    assert "写成 {env: NAME}" in problems[0][3] and "EnvRef" not in str(info.value)
    assert "{env: NAME}" in problems[1][3]


def test_risk_index_levels_default_and_configured(tmp_path: Path) -> None:
    from indexer.factory import index_params

    defaults = load_settings(write(tmp_path, "{}\n"), environ={})
    assert (defaults.risk_index.yellow, defaults.risk_index.orange, defaults.risk_index.red) == (
        30.0,
        50.0,
        70.0,
    )
    text = "analysis:\n  lpr_one_year: 3.5\nrisk_index:\n  yellow: 20\n  orange: 45\n  red: 80\n"
    params = index_params(load_settings(write(tmp_path, text), environ={}))
    assert (params.yellow, params.orange, params.red) == (20.0, 45.0, 80.0)
    assert (params.yield_base, params.yield_line) == (3.5, 14.0)


@pytest.mark.parametrize(
    ("text", "line", "key", "words"),
    [
        ("risk_index:\n  red: 120\n", 2, "risk_index.red", "应小于或等于 100.0，实际为 120"),
        ("risk_index:\n  yellow: 0\n", 2, "risk_index.yellow", "应大于 0.0，实际为 0"),
        (
            "risk_index:\n  orange: 40\n  red: 35\n",
            3,
            "risk_index.red",
            "各等级须递增：yellow < orange < red（0-100），当前为 yellow 30、orange 40、red 35",
        ),
        ("risk_index:\n  amber: 40\n", 2, "risk_index.amber", "未知的键"),
    ],
)
def test_risk_index_levels_are_validated(
    tmp_path: Path, text: str, line: int, key: str, words: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_settings(path, environ={})
    problem = info.value.problems[0]
    assert (problem[0], problem[1], problem[2]) == (str(path), line, key)
    assert words in problem[3]


def test_risk_index_levels_are_documented() -> None:
    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for key in ("risk_index.yellow", "risk_index.orange", "risk_index.red"):
        assert f"`{key}`" in documented

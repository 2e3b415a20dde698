"""``tianluo alerts ...`` end to end with CliRunner and a tmp tianluo.yaml."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.sqlite import SQLiteStore
from tests.alerts.conftest import make_doc, write_config, write_rule
from tests.alerts.servers import HTTPReceiver
from tianluo.app.cli import cli
from tianluo.errors import ConfigError, InputError
from tianluo.timeutil import now


@pytest.fixture
def config(
    tmp_path: Path, store: SQLiteStore, rules_dir: Path, http_receiver: HTTPReceiver
) -> Path:
    hours = 0.5  # documents crawled just before the real "now"
    delta = (now() - make_doc(0, hours_ago=0).crawled_at).total_seconds() / 3600
    store.upsert(
        [
            make_doc(i, hours_ago=hours - delta, risk=True, score=12.0, enterprises=(name,))
            for i, name in enumerate(["甲公司", "乙公司"])
        ]
    )
    write_rule(rules_dir, "score", type="threshold", min_score=5, channels=["hook"])
    write_rule(rules_dir, "unrouted", type="threshold", min_score=5, channels=["duty"])
    return write_config(tmp_path, {"hook": {"type": "webhook", "url": http_receiver.url("/hook")}})


def invoke(config: Path, *args: str) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(cli, ["-c", str(config), "alerts", *args])
    return result.exit_code, result.output, result.exception


@pytest.mark.parametrize("command", ["run", "test", "silence", "history", "validate", "retry"])
def test_every_subcommand_has_help(command: str) -> None:
    result = CliRunner().invoke(cli, ["alerts", command, "--help"])
    assert result.exit_code == 0 and "用法：" in result.output
    assert len(result.output.splitlines()) > 3


def test_run_then_history(config: Path, http_receiver: HTTPReceiver) -> None:
    code, out, _ = invoke(config, "run")
    assert code == 0, out
    assert "规则 score：匹配 2 条，抑制 0 条，预警" in out
    assert "投递：已发送 1" in out
    assert len(http_receiver.state.on("/hook")) == 1
    code, out, _ = invoke(config, "run")
    assert "规则 score：匹配 2 条，抑制 2 条" in out
    code, out, _ = invoke(config, "history")
    assert code == 0
    assert "score" in out and "已发送" in out and "无通道" in out
    code, out, _ = invoke(config, "history", "--rule", "unrouted", "--limit", "5")
    assert "未配置告警通道" in out and " score " not in out


def test_test_dry_run_sends_nothing(
    config: Path, http_receiver: HTTPReceiver, tmp_path: Path
) -> None:
    code, out, _ = invoke(config, "test", "score", "--days", "2", "--dry-run")
    assert code == 0, out
    assert "甲公司 风险指数" in out and "会触发 1 次" in out
    assert http_receiver.state.requests == []
    assert SQLiteStore(tmp_path / "t.db").alert_history() == []
    code, out, _ = invoke(config, "test", "score")
    assert "发往 hook 的测试消息：ok" in out
    [got] = http_receiver.state.on("/hook")
    assert got.body["title"].startswith("【天罗")
    code, out, exc = invoke(config, "test", "nosuch", "--dry-run")
    assert isinstance(exc, InputError) and "score" in str(exc)


def test_silence_then_run(config: Path, http_receiver: HTTPReceiver) -> None:
    code, out, _ = invoke(config, "silence", "score", "--key", "甲公司", "--for", "24h")
    assert code == 0 and "已静默 score 的键 '甲公司'" in out
    code, out, _ = invoke(config, "run")
    assert "匹配 2 条，抑制 1 条" in out
    [got] = http_receiver.state.on("/hook")
    assert [m["key"] for m in got.body["matches"]] == ["乙公司"]
    code, out, _ = invoke(config, "history")
    assert "已静默：score 甲公司" in out
    code, out, exc = invoke(config, "silence", "score", "--for", "1 day")
    assert isinstance(exc, InputError) and "24h" in str(exc)


def test_validate_reports_file_line_key(config: Path, rules_dir: Path) -> None:
    code, out, _ = invoke(config, "validate")
    assert code == 0 and "2 条规则、1 个通道：校验通过" in out
    assert "通道 'duty' 未配置" in out
    bad = rules_dir / "bad.yaml"
    bad.write_text("name: bad\ntype: spike\nwindow: 6h\nspike_hieght: 3\n", "utf-8")
    code, out, exc = invoke(config, "validate")
    assert isinstance(exc, ConfigError)
    assert f"{bad}:4: spike_hieght: 规则类型 'spike' 没有这个键" in str(exc)
    assert f"{bad}:1: spike_height: 规则类型 'spike' 必须有此键" in str(exc)
    # a bad file does not stop the good rules, but the run reports it and exits 1
    code, out, _ = invoke(config, "run")
    assert code == 1 and "规则 score：匹配 2 条" in out


def test_retry_with_nothing_pending(config: Path) -> None:
    code, out, _ = invoke(config, "retry")
    assert code == 0 and "投递：已发送 0，待重试 0，已放弃 0" in out


def test_test_exits_4_when_the_test_message_is_not_delivered(
    config: Path, tmp_path: Path, rules_dir: Path
) -> None:
    code, out, _ = invoke(config, "test", "score", "--days", "2")
    assert code == 0 and "发往 hook 的测试消息：ok" in out
    # the rule's only channel is not configured: nothing was delivered
    code, out, _ = invoke(config, "test", "unrouted", "--days", "2")
    assert code == 4 and "发往 duty 的测试消息：未配置告警通道" in out
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dead = write_config(
        tmp_path, {"hook": {"type": "webhook", "url": f"http://127.0.0.1:{port}/hook"}}
    )
    code, out, _ = invoke(dead, "test", "score", "--days", "2")
    refused = (
        f"发往 hook 的测试消息：告警通道 'hook'（webhook）：无法连接 http://127.0.0.1:{port}/hook："
    )
    assert code == 4 and refused in out
    code, out, _ = invoke(dead, "test", "score", "--days", "2", "--dry-run")
    assert code == 0


def test_validate_checks_every_env_reference_is_set(
    tmp_path: Path, rules_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_rule(rules_dir, "score", type="threshold", min_score=5, channels=["duty"])
    config = write_config(
        tmp_path,
        {"duty": {"type": "dingtalk", "url": {"env": "DING_URL"}, "secret": {"env": "DING_KEY"}}},
    )
    monkeypatch.delenv("DING_URL", raising=False)
    monkeypatch.setenv("DING_KEY", "s3cret")
    code, _, exc = invoke(config, "validate")
    assert isinstance(exc, ConfigError) and exc.exit_code == 2
    assert "alerts.channels.duty.url: {env: DING_URL}：环境变量 DING_URL 未设置" in str(exc)
    assert "DING_KEY" not in str(exc)
    monkeypatch.setenv("DING_URL", "https://oapi.dingtalk.com/robot/send?access_token=x")
    code, out, _ = invoke(config, "validate")
    assert code == 0 and "1 条规则、1 个通道：校验通过" in out

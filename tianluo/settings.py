"""Settings: one file, ``tianluo.yaml``, validated once into a frozen object.

Every key is declared here with its default and help text; docs/configuration.md
is checked against these declarations by a test.  Any key can be overridden by
an environment variable: ``TIANLUO_STORAGE__BACKEND=opensearch`` sets
``storage.backend`` (sections joined by a double underscore).  Secrets are never
written in the file: a secret key takes ``{env: NAME}`` and is read from the
environment when used.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from tianluo.errors import ConfigError
from tianluo.validation import validate
from tianluo.yamlfile import Lines, load, loads

log = logging.getLogger(__name__)

ENV_PREFIX = "TIANLUO_"
DEFAULT_CONFIG = "tianluo.yaml"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


class Section(BaseModel):
    """Base for every settings section: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class EnvRef(Section):
    """A secret: the name of the environment variable that holds it."""

    env: str = Field(description="Name of the environment variable holding the secret.")

    def resolve(self) -> str:
        value = os.environ.get(self.env)
        if value is None:
            raise ConfigError.single(
                "环境变量", None, self.env, "密钥环境变量未设置，请设置（export）后重试"
            )
        return value


def resolve(ref: EnvRef | None) -> str | None:
    """The secret's value, or None when no secret is configured."""
    return ref.resolve() if ref is not None else None


class StorageSettings(Section):
    backend: Literal["sqlite", "elasticsearch", "opensearch"] = Field(
        "sqlite",
        description="Which store: embedded sqlite, elasticsearch (8/9) or opensearch (2/3).",
    )
    sqlite_path: str = Field("tianluo.db", description="SQLite file, relative to data_dir.")
    url: str = Field("http://127.0.0.1:9200", description="Search engine URL.")
    index_prefix: str = Field("tianluo", description="Prefix of every index and alias.")
    username: str | None = Field(None, description="Basic-auth user name.")
    password: EnvRef | None = Field(None, description="Basic-auth password: {env: NAME}.")
    api_key: EnvRef | None = Field(None, description="API key: {env: NAME}.")
    ca_certs: str | None = Field(None, description="CA certificate file for TLS.")
    verify_certs: bool = Field(True, description="Verify TLS certificates (keep on).")
    batch_size: int = Field(500, ge=1, le=10000, description="Documents per bulk request.")
    text_analysis: Literal["bigram", "smartcn", "ik"] = Field(
        "bigram",
        description=(
            "How the engine cuts title and content into words: bigram (default, built into "
            "every node), smartcn (needs the analysis-smartcn plugin) or ik (needs the IK "
            "plugin). New indices use it; run `tianluo index reindex` to change existing ones."
        ),
    )


class AnalysisSettings(Section):
    keywords: list[str] = Field(
        default_factory=lambda: ["keywords/sets/*.yaml"],
        description="Keyword-set YAML files or globs (relative to the config file).",
    )
    watchlist: str | None = Field(None, description="Enterprise watchlist YAML file.")
    lpr_one_year: float = Field(
        3.0, gt=0, description="One-year Loan Prime Rate in percent (3.0% as of 2025-05)."
    )
    yield_multiple: float = Field(
        4.0, gt=0, description="Promised yields above lpr_one_year x this are flagged."
    )
    models: Literal["none", "shipped", "fast"] = Field(
        "shipped",
        description=(
            "Learned models: shipped (default): the event-type, negative-news, key-entity "
            "and subject models shipped in the package (docs/models.md); fast: the same but "
            "a subject model that does not run the LAC tagger (faster on risk hits, less "
            "accurate subjects); none: rules only. A file set below is used either way."
        ),
    )
    event_model: str | None = Field(
        None,
        description=(
            "Event-type model file (events.npz from `tianluo keywords train-reranker`) "
            "instead of the shipped one: re-decides risk from risk_event_types."
        ),
    )
    reranker: str | None = Field(
        None,
        description=(
            "Negative-news and key-entity model file (finnsp.npz from `tianluo keywords "
            "train-reranker`) instead of the shipped one."
        ),
    )
    subject_model: str | None = Field(
        None,
        description=(
            "Event-subject ranker file (subject.npz from `tianluo keywords train-reranker`) "
            "instead of the shipped one: its best candidate leads a document's enterprises."
        ),
    )
    risk_event_types: list[str] | None = Field(
        None,
        description=(
            "Event types that make a document a risk hit when the event model is on "
            "(labels of keywords/event_types.py, checked when the analyzer is built); "
            "none: the fundraising-risk types."
        ),
    )


class CrawlSettings(Section):
    sources: list[str] = Field(
        default_factory=lambda: ["sources/*.yaml"],
        description="Source YAML files or globs (relative to the config file).",
    )
    user_agent: str = Field(
        "TianluoBot/0.1 (+financial-risk monitor; contact: admin@example.org)",
        description="User-Agent sent with every request.",
    )
    obey_robots: bool = Field(True, description="Obey robots.txt.")
    max_page_bytes: int = Field(5_000_000, ge=1000, description="Largest page downloaded.")
    concurrency_per_domain: int = Field(4, ge=1, le=64, description="Parallel requests per site.")
    download_delay: float = Field(0.0, ge=0, description="Seconds between requests to one site.")
    autothrottle: bool = Field(True, description="Adapt the delay to the site's latency.")
    retries: int = Field(3, ge=0, le=10, description="Retries of a failed request.")
    timeout: float = Field(30.0, gt=0, description="Seconds before a request times out.")
    max_pages: int = Field(0, ge=0, description="Stop a crawl after this many pages (0: no cap).")
    redis_url: str | None = Field(
        None,
        description=(
            "Share the request queue, dupefilter and crawl state (pages done, content "
            "hashes, reprint sketches) through Redis (scale-out)."
        ),
    )
    redis_prefix: str = Field(
        "tianluo", description="Prefix of the crawl's Redis keys (queues, dupefilters, state)."
    )
    dns_servers: list[Annotated[str, Field(pattern=r"^[^:\s]+(:[0-9]{1,5})?$")]] = Field(
        default_factory=list,
        description="DNS servers (host:port) the crawler asks instead of the system resolver.",
    )
    dns_cache_seconds: float = Field(
        60.0, ge=0, le=3600, description="Seconds a DNS answer is reused (at most its TTL)."
    )


class ChannelSettings(Section):
    type: Literal["email", "webhook", "dingtalk", "wecom"] = Field(description="Channel kind.")
    url: EnvRef | str | None = Field(None, description="Webhook URL (robots: {env: NAME}).")
    secret: EnvRef | None = Field(None, description="DingTalk signing secret: {env: NAME}.")
    host: str | None = Field(None, description="SMTP host.")
    port: int = Field(587, description="SMTP port.")
    starttls: bool = Field(True, description="Use STARTTLS.")
    ssl: bool = Field(False, description="Use implicit TLS (port 465).")
    username: str | None = Field(None, description="SMTP user.")
    password: EnvRef | None = Field(None, description="SMTP password: {env: NAME}.")
    sender: str | None = Field(None, description="From address.")
    to: list[str] = Field(default_factory=list, description="Recipient addresses.")
    timeout: float = Field(10.0, gt=0, description="Seconds before a send times out.")
    ca_certs: str | None = Field(
        None, description="CA certificate file to verify the server (SMTP or HTTPS) with."
    )


class AlertSettings(Section):
    rules: list[str] = Field(
        default_factory=lambda: ["alerts/rules/*.yaml"],
        description="Alert-rule YAML files or globs (relative to the config file).",
    )
    channels: dict[str, ChannelSettings] = Field(
        default_factory=dict, description="Named channels that rules send to."
    )
    base_url: str | None = Field(
        None,
        description="Deprecated name of `serve.public_url` (still read, with a warning).",
    )
    max_attempts: int = Field(8, ge=1, description="Send attempts before an alert is dead.")
    retry_delay: int = Field(
        60, ge=1, description="Seconds before the first retry; doubled after each failure."
    )
    retry_delay_max: int = Field(
        6 * 3600, ge=1, description="Longest wait in seconds between two send attempts."
    )
    templates: str | None = Field(
        None, description="Folder of Jinja2 templates that override the built-in alert messages."
    )


class ServeSettings(Section):
    host: str = Field("127.0.0.1", description="Address `tianluo serve` listens on.")
    port: int = Field(8765, ge=0, le=65535, description="Port `tianluo serve` listens on.")
    public_url: str | None = Field(
        None,
        description=(
            "Address readers open for the links in briefs, reports and alerts (e.g. a proxy"
            " in front of `tianluo serve`); none: http://host:port of `serve`."
        ),
    )

    @field_validator("public_url")
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("必须以 http:// 或 https:// 开头，例如 https://tianluo.example.gov.cn")
        return value


class ScheduleSettings(Section):
    crawl: str = Field("0 */2 * * *", description="Cron for crawls (Asia/Shanghai).")
    alerts: str = Field("*/15 * * * *", description="Cron for alert evaluation.")
    daily_brief: str = Field("30 7 * * *", description="Cron for the daily brief.")
    jitter: int = Field(30, ge=0, description="Random seconds added to each run.")
    misfire_grace: int = Field(900, ge=1, description="Seconds a late run may still start.")
    redis_url: str | None = Field(
        None,
        description=(
            "Share the jobs through Redis: daemons on several machines run each job once "
            "per trigger, the holder of a lease runs them (none: this daemon alone)."
        ),
    )
    redis_prefix: str = Field("tianluo", description="Prefix of the scheduler's Redis keys.")
    lease_seconds: float = Field(
        30.0,
        ge=1,
        le=600,
        description="Scheduler lease time: a dead daemon's jobs move within 4/3 of it.",
    )


class ReportSettings(Section):
    templates_dir: str | None = Field(
        None, description="Folder of templates that override the built-in report templates."
    )
    top_enterprises: int = Field(10, ge=1, le=100, description="Enterprises listed in the brief.")
    documents_per_enterprise: int = Field(
        3, ge=0, le=20, description="Documents shown under each top enterprise in the brief."
    )
    distress_categories: list[str] = Field(
        default_factory=lambda: ["distress"],
        description="Keyword categories that signal distress (兑付困难, 跑路 ...).",
    )
    enforcement_categories: list[str] = Field(
        default_factory=lambda: ["enforcement"],
        description="Keyword categories that signal enforcement (立案, 查封 ...).",
    )
    silent_hours: int = Field(
        24, ge=1, description="A source with no successful crawl for this long is reported silent."
    )


class RiskIndexSettings(Section):
    """The levels of the enterprise risk index 0-100 (keywords/enterprise_score.py)."""

    yellow: float = Field(
        30.0,
        gt=0,
        le=100,
        description="Enterprise risk index (0-100) from which the level is 黄色 (below orange).",
    )
    orange: float = Field(
        50.0,
        gt=0,
        le=100,
        description="Enterprise risk index (0-100) from which the level is 橙色 (below red).",
    )
    red: float = Field(
        70.0,
        gt=0,
        le=100,
        description="Enterprise risk index (0-100) from which the level is 红色.",
    )

    @field_validator("red")
    @classmethod
    def _rising(cls, red: float, info: ValidationInfo) -> float:
        yellow, orange = info.data.get("yellow"), info.data.get("orange")
        if yellow is not None and orange is not None and not yellow < orange < red:
            raise ValueError(
                "各等级须递增：yellow < orange < red（0-100），当前为 "
                f"yellow {yellow:g}、orange {orange:g}、red {red:g}"
            )
        return red


class Settings(Section):
    data_dir: str = Field("var", description="State: store, spool, crawl state, outbox.")
    output_dir: str = Field("out", description="Briefs and reports.")
    storage: StorageSettings = Field(default_factory=StorageSettings)
    analysis: AnalysisSettings = Field(default_factory=AnalysisSettings)
    crawl: CrawlSettings = Field(default_factory=CrawlSettings)
    alerts: AlertSettings = Field(default_factory=AlertSettings)
    serve: ServeSettings = Field(default_factory=ServeSettings)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    reports: ReportSettings = Field(default_factory=ReportSettings)
    risk_index: RiskIndexSettings = Field(default_factory=RiskIndexSettings)
    base_dir: str = Field(
        "", description="Folder that relative paths are read from (set by the loader)."
    )
    config_file: str = Field(
        "", description="The file these settings were read from (set by the loader; empty: none)."
    )

    @field_validator("data_dir", "output_dir")
    @classmethod
    def _not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("不能为空")
        return value

    def path(self, value: str) -> Path:
        """Resolve a path from the config against base_dir."""
        p = Path(value).expanduser()
        return p if p.is_absolute() else Path(self.base_dir or ".") / p

    @property
    def public_url(self) -> str:
        """Where readers reach `tianluo serve`: the base of every link in briefs and alerts."""
        url = self.serve.public_url or self.alerts.base_url
        if url:
            return url.rstrip("/")
        host = self.serve.host
        if host in ("0.0.0.0", "::", ""):
            host = "127.0.0.1"
        elif ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.serve.port}"

    @property
    def data_path(self) -> Path:
        return self.path(self.data_dir)

    @property
    def output_path(self) -> Path:
        return self.path(self.output_dir)

    def globbed(self, patterns: list[str]) -> list[Path]:
        """Files matching globs relative to base_dir, falling back to the installed package."""
        found: list[Path] = []
        for pattern in patterns:
            for root in (Path(self.base_dir or "."), PACKAGE_ROOT):
                p = Path(pattern)
                if p.is_absolute():
                    hits = sorted(Path(p.anchor).glob(str(p.relative_to(p.anchor))))
                else:
                    hits = sorted(root.glob(pattern))
                if hits:
                    found.extend(h for h in hits if h not in found)
                    break
        return found


def _set_path(data: dict[str, Any], keys: list[str], value: Any) -> None:
    node = data
    for key in keys[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    node[keys[-1]] = value


def env_overrides(environ: Mapping[str, str]) -> dict[tuple[str, ...], tuple[str, Any]]:
    """``TIANLUO_SECTION__KEY=value`` variables as {key path: (variable, value)}.

    Only variables whose first part names a settings section or top-level key are
    overrides; any other ``TIANLUO_*`` variable (a secret that a ``{env: NAME}`` value
    reads, say) is left alone.
    """
    found: dict[tuple[str, ...], tuple[str, Any]] = {}
    for name, raw in sorted(environ.items()):
        if not name.startswith(ENV_PREFIX) or name == "TIANLUO_CONFIG":
            continue
        rest = name[len(ENV_PREFIX) :]
        keys = tuple(k.lower() for k in rest.split("__") if k)
        if not keys or keys[0] == "test" or rest.startswith("TEST_"):
            continue
        if keys[0] not in Settings.model_fields:
            if len(keys) > 1:  # shaped like SECTION__KEY: a misspelt section, not a secret
                log.warning("环境变量 %s：没有名为 %r 的设置节", name, keys[0])
            continue  # some other TIANLUO_* variable, e.g. a secret named by {env: ...}
        try:
            value = yaml.safe_load(raw) if raw else ""
        except yaml.YAMLError:
            value = raw
        found[keys] = (name, value)
    return found


def _warn_deprecated(data: dict[str, Any], lines: Lines) -> None:
    alerts = data.get("alerts")
    if isinstance(alerts, dict) and alerts.get("base_url") is not None:
        line = lines.line(("alerts", "base_url"))
        where = f"{lines.path}:{line}" if line else lines.path
        log.warning(
            "%s: alerts.base_url 已弃用：请改名为 serve.public_url（目前仍会使用它）",
            where,
        )


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Load tianluo.yaml (defaults when no file exists and none was asked for), then env."""
    env = os.environ if environ is None else environ
    explicit = path is not None or "TIANLUO_CONFIG" in env
    config_path = path or Path(env.get("TIANLUO_CONFIG", DEFAULT_CONFIG))
    if config_path.exists():
        data, lines = load(config_path)
        base = str(config_path.resolve().parent)
    elif explicit:
        raise ConfigError.single(str(config_path), None, "", "配置文件不存在")
    else:
        data, lines = loads("{}", "<defaults>")
        base = str(Path.cwd())
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError.single(lines.path, 1, "", "文件内容必须是按节组织的映射（节名: 内容）")
    overrides = env_overrides(env)
    for keys, (_, value) in overrides.items():
        _set_path(data, list(keys), value)
    data.setdefault("base_dir", base)
    data.setdefault("config_file", str(config_path.resolve()) if config_path.exists() else "")
    _warn_deprecated(data, lines)
    try:
        return validate(Settings, data, lines)
    except ConfigError as exc:
        problems: list[tuple[str, int | None, str, str]] = []
        for file, line, key, message in exc.problems:
            var = next((n for k, (n, _) in overrides.items() if key.startswith(".".join(k))), None)
            if var:
                problems.append((f"环境变量 {var}", None, key, message))
            else:
                problems.append((file, line, key, message))
        raise ConfigError(problems) from None

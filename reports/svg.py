"""Inline SVG charts: sparklines and horizontal bar charts, no scripts, no external assets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

INK = "#1f3a5f"
ACCENT = "#c0392b"
MUTED = "#9aa5b1"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def sparkline(
    values: Sequence[int | float], *, width: int = 120, height: int = 28, label: str = ""
) -> Markup:
    """A line of ``values`` (oldest first) with the last point marked."""
    if not values:
        return Markup("")
    top = max(max(values), 1)
    step = width / max(len(values) - 1, 1)
    pad = 3
    points = [(i * step, pad + (height - 2 * pad) * (1 - v / top)) for i, v in enumerate(values)]
    path = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
    last_x, last_y = points[-1]
    area = f"0,{height} {path} {_num(last_x)},{height}"
    return Markup(
        '<svg class="spark" xmlns="http://www.w3.org/2000/svg" role="img" '
        'viewBox="-3 0 {w} {h}" width="{w}" height="{h}" aria-label="{label}">'
        "<title>{label}</title>"
        '<polygon points="{area}" fill="{ink}" fill-opacity="0.06"/>'
        '<polyline points="{path}" fill="none" stroke="{ink}" stroke-width="1.5" '
        'stroke-linejoin="round" stroke-linecap="round"/>'
        '<circle cx="{lx}" cy="{ly}" r="2.5" fill="{accent}"/></svg>'
    ).format(
        w=width + 6,
        h=height,
        label=label,
        area=area,
        path=path,
        ink=INK,
        lx=_num(last_x),
        ly=_num(last_y),
        accent=ACCENT,
    )


def bar_chart(
    items: Sequence[tuple[str, int]],
    *,
    labels: Mapping[str, str] | None = None,
    width: int = 440,
    bar: int = 18,
    label_width: int = 120,
) -> Markup:
    """Horizontal bars, one per (key, value) shown under ``labels[key]``; largest is full width."""
    if not items:
        return Markup("")
    top = max(max(v for _, v in items), 1)
    room = width - label_width - 50
    gap = 8
    height = len(items) * (bar + gap)
    rows: list[Markup] = []
    for i, (name, value) in enumerate(items):
        y = i * (bar + gap)
        length = max(room * value / top, 2)
        rows.append(
            Markup(
                '<text x="{lx}" y="{ty}" text-anchor="end" class="bl">{name}</text>'
                '<rect x="{x}" y="{y}" width="{len}" height="{bar}" rx="3" fill="{ink}"/>'
                '<text x="{vx}" y="{ty}" class="bv">{value}</text>'
            ).format(
                lx=label_width - 8,
                ty=y + bar * 0.72,
                name=(labels or {}).get(name, name),
                x=label_width,
                y=y,
                len=_num(length),
                bar=bar,
                ink=INK,
                vx=_num(label_width + length + 6),
                value=value,
            )
        )
    return Markup(
        '<svg class="bars" xmlns="http://www.w3.org/2000/svg" role="img" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'aria-label="{title}"><title>{title}</title>{rows}</svg>'
    ).format(w=width, h=height, title=escape("分类命中"), rows=Markup("").join(rows))


def columns(
    values: Sequence[int],
    labels: Sequence[str],
    *,
    highlight: Sequence[int] = (),
    width: int = 640,
    height: int = 120,
) -> Markup:
    """Vertical columns (a daily timeline); ``highlight`` overlays a second series in red."""
    if not values:
        return Markup("")
    top = max(max(values), 1)
    slot = width / len(values)
    bar = max(slot * 0.7, 1)
    chart = height - 18
    parts: list[Markup] = []
    every = max(len(values) // 7, 1)
    for i, value in enumerate(values):
        x = i * slot + (slot - bar) / 2
        h = chart * value / top
        parts.append(
            Markup(
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{c}"><title>{t}: {v}</title></rect>'
            ).format(
                x=_num(x), y=_num(chart - h), w=_num(bar), h=_num(h), c=MUTED, t=labels[i], v=value
            )
        )
        extra = highlight[i] if i < len(highlight) else 0
        if extra:
            hh = chart * extra / top
            parts.append(
                Markup('<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{c}"/>').format(
                    x=_num(x), y=_num(chart - hh), w=_num(bar), h=_num(hh), c=ACCENT
                )
            )
        if i % every == 0:
            parts.append(
                Markup('<text x="{x}" y="{y}" text-anchor="middle" class="bl">{t}</text>').format(
                    x=_num(x + bar / 2), y=height - 4, t=labels[i]
                )
            )
    return Markup(
        '<svg class="cols" xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {w} {h}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" aria-label="{t}"><title>{t}</title>'
        "{parts}</svg>"
    ).format(w=width, h=height, t="每日文档数", parts=Markup("").join(parts))

"""Tianluo's analysis core: keyword sets, jieba matching, yields, enterprises and risk scores.

A pure library: it reads its YAML files and nothing else.

    from keywords import Analyzer, AnalyzerConfig, default_set_paths
    analyzer = Analyzer.from_files(default_set_paths(), None, AnalyzerConfig())
    result = analyzer.analyze("某平台承诺年化收益30%，保本保息", source_type="p2p")
"""

from keywords.analyzer import AnalysisResult, Analyzer, AnalyzerConfig
from keywords.creditcode import check_char, is_valid_credit_code
from keywords.loader import default_set_paths, load_keyword_sets, validate
from keywords.watchlist import Enterprise, Watchlist, load_watchlist
from keywords.yields import extract_yields

__all__ = [
    "AnalysisResult",
    "Analyzer",
    "AnalyzerConfig",
    "Enterprise",
    "Watchlist",
    "check_char",
    "default_set_paths",
    "extract_yields",
    "is_valid_credit_code",
    "load_keyword_sets",
    "load_watchlist",
    "validate",
]

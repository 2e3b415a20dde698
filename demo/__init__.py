"""Bundled demo sites: a news portal, a Discuz!-style forum and a P2P platform.

The content is fictional and deterministic, with planted illegal-fundraising
stories and decoys whose ground truth lives in ``demo.truth``.  Serve it with
``demo.server.DemoSites`` or ``python -m demo.server``.
"""

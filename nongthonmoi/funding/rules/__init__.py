"""Bundled allocation rule files (data only); loaded by `nongthonmoi.funding.rulebook`."""

"""Funding: allocation by the official coefficient formula, plans, disbursement, resources.

The pure core (no Django) used by the application, the command line and the tests:
    rulebook.load_rule(code_or_path), rulebook.rule_from_text(text, source)
    allocation.allocate(rule, total, communes, ...), allocation.allocate_funds(...)
    whatif.compare(current, changed), whatif.export_comparison_xlsx(...)
    inputs.read_communes(path)  — the command line's INPUT file
The method and a worked example are in docs/funding.md.
"""

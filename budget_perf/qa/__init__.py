"""QA of submissions: rule checks on extracted documents, and a visual review report."""

# The rules, in the order they run; each is the module qa/rules/<name>.py. Kept here, free of
# imports, so the command line can list them without loading the rules.
RULE_NAMES = ("required_level1", "level2_parent", "quantitative", "timeliness", "budget", "satisfaction", "content",
              "ocr", "self_evaluation", "not_applicable")  # fmt: skip

"""QA of submissions: rule checks on extracted documents, and a visual review report."""

# The rules, in the order they run; each is the module qa/rules/<name>.py. Kept here, free of
# imports, so the command line can list them without loading the rules.
# OCR doubt is no rule: the reader notes it (extract/ocr/doubt.py) and QA shows its notes beside the findings.
RULE_NAMES = ("required_level1", "level2_parent", "quantitative", "timeliness", "budget", "satisfaction", "content",
              "prose", "self_evaluation", "not_applicable")  # fmt: skip
# Rules that judge the levels: on a prose table the levels were inferred, not printed, so what these
# find there is information for the reviewer, never an error or warning by itself.
LEVEL_RULES = ("required_level1", "level2_parent")

"""The review app: a local web app over a batch's output (`review OUTDIR`).

A queue of the batch's documents sorted as the QA index is; per document the page image with the
detected cells outlined and the flagged cells highlighted, the indicator rows, the findings; a
reviewer corrects cells and header fields, confirms or dismisses findings, approves or rejects
documents. Decisions go to OUTDIR/review.sqlite (budget_perf.corrections), never into the
extraction's JSON; the exports, `load` and `qa` read the batch through them.

`batch` (the documents, read from OUTDIR only), `pages` (page images, rendered on first view and
cached under OUTDIR), `views` (what a page shows), `actions` (what a reviewer does), `web` (the
WSGI application: routes and safety), `server` (the standard library's threaded HTTP server)."""

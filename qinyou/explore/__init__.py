"""What the app's pages show, as library functions over a store (the API floor).

Person cards with evidence (:mod:`.card`, :mod:`.evidence`), findings with
filters, paging and triage (:mod:`.findings`, :mod:`.triage`), bounded
neighbourhoods and kin paths (:mod:`.neighbours`) and the store's status
(:mod:`.status`). Nothing here imports Streamlit; :mod:`qinyou.api` exposes it
to the CLI and the app alike.
"""

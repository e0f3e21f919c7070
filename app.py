"""``streamlit run app.py`` from a checkout: the page ships inside the package (qinyou/app/page.py)."""
from qinyou.app.page import main

main()

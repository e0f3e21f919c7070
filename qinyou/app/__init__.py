"""The Streamlit app: :mod:`qinyou.app.page` is the script ``qinyou app`` serves."""

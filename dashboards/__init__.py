"""Streamlit pages and their shared widgets. Pages read data only through queries.api."""

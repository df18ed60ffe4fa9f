import streamlit as st

st.title("hotspots")

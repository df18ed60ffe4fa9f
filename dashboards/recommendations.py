import streamlit as st

st.title("recommendations")

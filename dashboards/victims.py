import streamlit as st

st.title("victims")

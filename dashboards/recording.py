import streamlit as st

st.title("recording")

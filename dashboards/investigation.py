import streamlit as st

st.title("investigation")

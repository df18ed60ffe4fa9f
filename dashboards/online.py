import streamlit as st

st.title("online")

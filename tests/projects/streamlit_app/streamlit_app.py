import numpy as np
import pandas as pd
import streamlit as st

from helpers import load_data

st.title("Uber pickups in NYC")

data = load_data(1000)
if st.checkbox("Show raw data"):
    st.subheader("Raw data")
    st.write(data)

st.subheader("Number of pickups by hour")
hist_values = np.histogram(data["hour"], bins=24, range=(0, 24))[0]
st.bar_chart(hist_values)

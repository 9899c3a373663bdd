import numpy as np
import pandas as pd
import streamlit as st


@st.cache_data
def load_data(nrows):
    rng = np.random.default_rng(0)
    return pd.DataFrame({"hour": rng.integers(0, 24, nrows)})

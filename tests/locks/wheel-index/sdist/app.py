import srconly

"""Running rules: the Rule base, the plugin host and its hooks, config, waivers, findings and the verdict."""

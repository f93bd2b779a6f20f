"""The use-cases the commands, scripts and tests call: plan with measured lengths, produce sound, calibrate."""

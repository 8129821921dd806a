"""Video analysis: stream frames with PyAV, measure limb motion with dense optical flow."""

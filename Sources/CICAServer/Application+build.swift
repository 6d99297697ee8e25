import CICAStore

"""Pure rules of the register shared by several laptops: clock, order, merge, codes."""

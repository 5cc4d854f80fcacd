"""Monthly star ratings and the boards (光荣榜/先锋榜) built from them."""

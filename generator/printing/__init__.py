"""Print and media kit: 公示, 表彰名单, 荣誉证书, voting posters, star board posters and
WeChat articles from the same public views as the site (docs/print.md)."""

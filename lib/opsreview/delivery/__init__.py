"""Delivery (issue 30): the built month to the people who read it, through 企业微信 and 钉钉
group robots and mail, once per build (`make send`, `opsreview run --month last`).

`targets` reads config/delivery.yml, `summary` the message's text from the built index,
`robots` and `mail` speak to the platforms, `send` goes through the targets.
"""

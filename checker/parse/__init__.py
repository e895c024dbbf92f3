"""Stage 2: paragraphs → report tree → model.

``markers`` recognises numbering, ``lexer`` turns paragraphs into block tokens, the grammar in
grammar/report.lark gives them their hierarchy, ``build`` makes the model from the tree.
"""

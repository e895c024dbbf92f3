"""Stage 2: paragraphs → block tokens → report tree.

``markers`` recognises numbering, ``lexer`` turns paragraphs into block tokens (once per report:
template detection reads the same blocks), ``grammar`` gives them their hierarchy with
grammar/report.lark. The model is built from the tree by checker/model/build.py.
"""

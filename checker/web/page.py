"""The page of `reportlint serve`: a drop zone for reports, template and check-list choice, and
the review of each file (the same fragments as the HTML report) with its downloads. Chinese by
default, English with ?lang=en. Styles and scripts are served from the same origin (no inline
script: the page's Content-Security-Policy allows 'self' only)."""

from __future__ import annotations

from checker import __version__
from checker.output.html import esc

WORDS = {
    "zh": {
        "title": "reportlint 报告检查", "lead": "把报告（.docx、.txt、.md，或装着报告的 .zip）拖到这里，或点击选择文件。文件只在本机内存中检查，不保存、不上传到别处。",
        "lead_remote": "把报告（.docx、.txt、.md，或装着报告的 .zip）拖到这里，或点击选择文件。文件只在服务器内存中检查，不写入磁盘，结果一小时后清除。",
        "archive": "压缩包", "login": "请输入访问口令", "login_button": "进入", "login_wrong": "口令不对，请重新输入",
        "choose": "选择文件", "template": "模板", "auto": "自动识别", "checklist": "年度检查清单", "none": "不使用",
        "check": "开始检查", "checking": "正在检查……", "downloads": "下载", "annotated": "带批注的副本",
        "fixed": "修正稿", "report": "审阅报告（HTML）", "summary": "汇总表（Excel）", "forget": "清除结果",
        "switch": "English", "switch_lang": "en", "took": "用时", "seconds": "秒", "api": "JSON 接口说明",
        "error": "出错了", "drop": "松开即可上传", "no_copies": "无法读取，没有副本",
        "reasons": {
            "file-too-large": "文件过大", "request-too-large": "一次上传的文件总量过大", "too-many-files": "文件太多",
            "not-multipart": "请求格式不对", "bad-multipart": "请求格式不对", "no-files": "没有选择文件",
            "bad-option": "选项无效", "forbidden": "不允许的来源", "unauthorized": "需要访问口令", "gone": "结果已过期，请重新检查",
            "busy": "服务器正忙：{n} 个文件正在排队，请稍后再试", "stopping": "服务器正在停止，请稍后再试",
            "copy-failed": "无法生成副本", "nothing": "没有可下载的内容",
        },
    },
    "en": {
        "title": "reportlint", "lead": "Drop reports (.docx, .txt, .md, or a .zip of them) here, or click to choose files. They are checked in this computer's memory only: nothing is stored or sent elsewhere.",
        "lead_remote": "Drop reports (.docx, .txt, .md, or a .zip of them) here, or click to choose files. They are checked in the server's memory only, never written to disk; results are dropped after an hour.",
        "archive": "archive", "login": "Enter the access token", "login_button": "Enter", "login_wrong": "Wrong token: try again",
        "choose": "Choose files", "template": "Template", "auto": "detect", "checklist": "Yearly check-list", "none": "none",
        "check": "Check", "checking": "Checking…", "downloads": "Downloads", "annotated": "annotated copy",
        "fixed": "corrected copy", "report": "review (HTML)", "summary": "summary (Excel)", "forget": "Forget results",
        "switch": "中文", "switch_lang": "zh", "took": "took", "seconds": "s", "api": "JSON API",
        "error": "Error", "drop": "Drop to upload", "no_copies": "could not be read: no copies",
        "reasons": {
            "file-too-large": "file too large", "request-too-large": "too much in one upload", "too-many-files": "too many files",
            "not-multipart": "malformed request", "bad-multipart": "malformed request", "no-files": "no file chosen",
            "bad-option": "invalid option", "forbidden": "origin not allowed", "unauthorized": "access token needed", "gone": "results expired: check again",
            "busy": "the server is busy: {n} files are waiting, try again shortly", "stopping": "the server is stopping: try again shortly",
            "copy-failed": "the copy could not be made", "nothing": "nothing to download",
        },
    },
}  # fmt: skip

PAGE_CSS = """
.drop{max-width:1280px;margin:12px auto;padding:0 16px}.zone{border:2px dashed #9e9e9e;border-radius:8px;
padding:28px;text-align:center;background:#fff;cursor:pointer}.zone.over{border-color:#1565c0;background:#e8f0fb}
.zone input{display:none}.controls{display:flex;flex-wrap:wrap;gap:10px 18px;align-items:center;margin:10px 0}
.controls button{font:inherit;padding:4px 16px}#status{color:#666}#status.bad{color:#c62828}
.downloads{background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:6px 16px;margin:10px 0}
.downloads a{margin-right:14px}.downloads .unreadable{color:#c62828}.top{display:flex;justify-content:space-between;align-items:baseline}
#files{color:#444;font-size:13px}
"""

PAGE_JS = """
(function(){
  var form=document.getElementById('form'),zone=document.getElementById('zone'),input=document.getElementById('input');
  var status=document.getElementById('status'),out=document.getElementById('out'),list=document.getElementById('files');
  var words=JSON.parse(document.getElementById('words').textContent),chosen=[];
  function show(files){chosen=Array.prototype.slice.call(files);list.textContent=chosen.map(function(f){return f.name;}).join('，');}
  zone.addEventListener('click',function(){input.click();});
  zone.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){input.click();}});
  input.addEventListener('change',function(){show(input.files);if(chosen.length){send();}});
  ['dragenter','dragover'].forEach(function(t){zone.addEventListener(t,function(e){e.preventDefault();zone.classList.add('over');});});
  ['dragleave','drop'].forEach(function(t){zone.addEventListener(t,function(e){e.preventDefault();zone.classList.remove('over');});});
  zone.addEventListener('drop',function(e){show(e.dataTransfer.files);if(chosen.length){send();}});
  form.addEventListener('submit',function(e){e.preventDefault();send();});
  function send(){
    if(!chosen.length){status.textContent=words.reasons['no-files'];status.className='bad';return;}
    var data=new FormData();
    chosen.forEach(function(f){data.append('files',f,f.name);});
    data.append('template',document.getElementById('template').value);
    data.append('checklist',document.getElementById('checklist').value);
    data.append('lang',document.documentElement.dataset.lang);
    status.textContent=words.checking;status.className='';
    var started=performance.now();
    fetch('review',{method:'POST',body:data,credentials:'same-origin'}).then(function(r){
      return r.json().then(function(body){return {ok:r.ok,body:body};});
    }).then(function(res){
      if(!res.ok){var reason=res.body.reason,said=words.reasons[reason]||reason;
        if(reason==='busy'){said=said.replace('{n}',String(parseInt(res.body.detail,10)||0));}
        else if(res.body.detail){said+='（'+res.body.detail+'）';}
        status.textContent=words.error+'：'+said;status.className='bad';return;}
      out.innerHTML=res.body.html;
      status.textContent=words.took+' '+((performance.now()-started)/1000).toFixed(2)+' '+words.seconds;
      document.body.dataset.batch=res.body.batch;
    }).catch(function(err){status.textContent=words.error+'：'+err;status.className='bad';});
  }
  document.addEventListener('click',function(e){
    var forget=e.target.closest&&e.target.closest('[data-forget]');
    if(!forget){return;}
    fetch('review/'+forget.dataset.forget,{method:'DELETE',credentials:'same-origin'}).then(function(){out.innerHTML='';status.textContent='';});
  });
})();
"""


def page_html(lang: str, templates: list[str], checklists: list[str], remote: bool = False) -> str:
    import json

    from checker.output.html import template_title

    w = WORDS["en" if lang == "en" else "zh"]
    template_options = f'<option value="auto">{esc(w["auto"])}</option>' + "".join(
        f'<option value="{esc(t)}">{esc(template_title(t, lang))}</option>' for t in templates
    )
    checklist_options = f'<option value="">{esc(w["none"])}</option>' + "".join(
        f'<option value="{esc(c)}">{esc(c)}</option>' for c in checklists
    )
    words_json = json.dumps({k: v for k, v in w.items()}, ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<!doctype html><html lang="{"en" if lang == "en" else "zh-CN"}" data-lang="{esc(lang)}"><head>'
        '<meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<title>{esc(w["title"])}</title><link rel="stylesheet" href="static/report.css">'
        '<link rel="stylesheet" href="static/page.css"><link rel="icon" href="favicon.ico"></head><body>'
        f'<header><div class="top"><h1>{esc(w["title"])}</h1><span><a href="?lang={w["switch_lang"]}">{esc(w["switch"])}</a>'
        f' · <a href="openapi.json">{esc(w["api"])}</a> · reportlint {esc(__version__)}</span></div></header>'
        '<section class="drop"><form id="form">'
        f'<div class="zone" id="zone" tabindex="0" role="button"><p>{esc(w["lead_remote" if remote else "lead"])}</p>'
        f'<p><b>{esc(w["choose"])}</b></p><input id="input" type="file" name="files" multiple '
        'accept=".docx,.txt,.md,.markdown,.zip"><p id="files"></p></div>'
        f'<div class="controls"><label>{esc(w["template"])} <select id="template">{template_options}</select></label>'
        f'<label>{esc(w["checklist"])} <select id="checklist">{checklist_options}</select></label>'
        f'<button type="submit">{esc(w["check"])}</button><span id="status" role="status"></span></div>'
        "</form></section>"
        '<div id="out"></div>'
        f'<script id="words" type="application/json">{words_json}</script>'
        '<script src="static/report.js"></script><script src="static/page.js"></script></body></html>'
    )


def downloads_html(lang: str, batch: str, names: list[tuple[str, str | None, bool]],
                   archives: list[tuple[str, bool, bool]] | None = None) -> str:  # fmt: skip
    """Links to every file's annotated and corrected copies, the HTML report and the summary; a
    file that could not be read has no copies, and says so. An uploaded zip (name, any member
    readable, any fixable) has its members' copies as one .zip each."""
    from checker.messages import render

    w = WORDS["en" if lang == "en" else "zh"]
    rows = []
    for index, (name, error, fixable) in enumerate(names):
        if error is not None:
            message = render(error, lang, {"detail": ""}).rstrip("：:（） ()")
            rows.append(f'<li>{esc(name)}：<span class="unreadable">{esc(w["no_copies"])}（{esc(error)} {esc(message)}）</span></li>')
            continue
        links = [f'<a href="download/{batch}/{index}/annotated" download>{esc(w["annotated"])}</a>']
        if fixable:
            links.append(f'<a href="download/{batch}/{index}/fixed" download>{esc(w["fixed"])}</a>')
        rows.append(f"<li>{esc(name)}：{''.join(links)}</li>")
    for number, (name, readable, fixable) in enumerate(archives or []):
        if not readable:
            continue
        links = [f'<a href="download/{batch}/zip/{number}/annotated" download>{esc(w["annotated"])}（.zip）</a>']
        if fixable:
            links.append(f'<a href="download/{batch}/zip/{number}/fixed" download>{esc(w["fixed"])}（.zip）</a>')
        rows.append(f'<li class="archive">{esc(w["archive"])} {esc(name)}：{"".join(links)}</li>')
    batch_links = (
        f'<a href="download/{batch}/report.html" download>{esc(w["report"])}</a>'
        f'<a href="download/{batch}/summary.xlsx" download>{esc(w["summary"])}</a>'
        f'<button type="button" data-forget="{batch}">{esc(w["forget"])}</button>'
    )
    return (f'<section class="drop"><div class="downloads"><b>{esc(w["downloads"])}</b><ul>{"".join(rows)}</ul>'
            f"<p>{batch_links}</p></div></section>")  # fmt: skip


def login_html(lang: str, wrong: bool = False) -> str:
    """The form a page asked for without a token shows: the token is posted, kept in a cookie,
    and never left in an address."""
    w = WORDS["en" if lang == "en" else "zh"]
    note = f'<p id="status" class="bad">{esc(w["login_wrong"])}</p>' if wrong else ""
    return (
        f'<!doctype html><html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<title>{esc(w["title"])}</title><link rel="stylesheet" href="static/report.css">'
        '<link rel="stylesheet" href="static/page.css"><link rel="icon" href="favicon.ico"></head><body>'
        f'<header><div class="top"><h1>{esc(w["title"])}</h1></div></header>'
        '<section class="drop"><form method="post" action="login" class="login">'
        f'<label>{esc(w["login"])} <input type="password" name="token" autocomplete="current-password" autofocus></label>'
        f'<input type="hidden" name="lang" value="{esc(lang)}"> <button type="submit">{esc(w["login_button"])}</button>'
        f"{note}</form></section></body></html>"
    )

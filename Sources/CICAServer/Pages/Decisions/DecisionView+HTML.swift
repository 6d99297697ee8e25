import CICACore

extension DecisionView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<p class=\"muted\">\(symbol)")
        if historical { html(" · <span class=\"badge\">\(l("decisions.historical"))</span>") }
        html("</p>\n<h1>\(title)</h1>\n")
        html.formFeedback(feedback, l)
        html("<dl class=\"facts\">\n<dt>\(l("common.organ"))</dt><dd>")
        if let organURL { html("<a href=\"\(organURL)\">\(organ)</a>") } else { html("<em>\(organ)</em>") }
        if let meeting, let meetingURL { html(" · <a href=\"\(meetingURL)\">\(meeting)</a>") }
        html("</dd>\n<dt>\(l("decisions.effect"))</dt><dd>\(effect)</dd>\n<dt>\(l("common.status"))</dt><dd><span class=\"status \(status)\">\(statusLabel)</span>")
        if let procedure, !historical { html(" · \(procedure)") }
        html("</dd>\n")
        if let recordedDate { html("<dt>\(l("common.date"))</dt><dd>\(recordedDate)</dd>\n") }
        if let deadline {
            if let notification { html("<dt>\(l("decisions.notification"))</dt><dd>\(notification)</dd>\n") }
            html("<dt>\(l("decisions.deadline"))</dt><dd>\(deadline) (\(deadlineAstana)) · <time datetime=\"\(deadlineISO)\" data-countdown>\(remaining)</time> \(l("decisions.left"))</dd>\n")
        }
        if let outcomeNote { html("<dt>\(l("decisions.outcome"))</dt><dd>\(outcomeNote)</dd>\n") }
        if let attention {
            html("<dt>\(l("decision.attention.heading"))</dt><dd class=\"attention\" role=\"alert\">\(attention.reason) <span class=\"muted\">(\(l("decision.attention.since", ["date": attention.since])))</span></dd>\n")
        }
        if let continues { html("<dt>\(l("decisions.continues"))</dt><dd><a href=\"\(continues)\">\(l("decisions.earlierDraft"))</a></dd>\n") }
        html("""
            </dl>
            <section aria-labelledby="text"><h2 id="text">\(l("decisions.text")) (\(l("decisions.version")) \(currentVersion))</h2>
            """)
        if historical { html("<p class=\"notice\">\(l("decision.summaryNotice"))</p>\n") }
        html("""
            <div class="decision-text" lang="\(textLanguage)">\(text)</div>

            """)
        html.otherLanguages(otherLanguages, l)
        html("<p class=\"muted\">SHA-256 <code>\(textHash)</code></p>\n")
        if hasDiff {
            html("<details class=\"diff\"><summary>\(l("decisions.changes"))</summary>")
            if let diffNotice {
                html("<p class=\"notice\">\(diffNotice) ")
                if let previousURL { html("<a href=\"\(previousURL)\">\(l("decisions.previousText"))</a> · ") }
                html("<a href=\"\(currentURL)\">\(l("decisions.currentText"))</a></p>")
            } else {
                html("<ol class=\"diff\">")
                for line in diff { html("<li class=\"\(line.kind)\">\(line.text)</li>") }
                html("</ol>")
            }
            html("</details>")
        }
        html("\n</section>\n")
        if historical {
            // Taken before the platform: no source records the positions, and the Member States were not those of today.
            html("<section aria-labelledby=\"matrix\"><h2 id=\"matrix\">\(l("decisions.positions"))</h2><p>\(l("decision.positionsNotRecorded"))</p></section>\n")
        } else {
            writeMatrix(&html, l)
        }
        if !statements.isEmpty {
            html("<section aria-labelledby=\"statements\"><h2 id=\"statements\">\(l("decisions.statements"))</h2><ul>")
            for statement in statements { html("<li><strong>\(statement.state)</strong> (\(statement.kind)): \(statement.text)</li>") }
            html("</ul></section>\n")
        }
        if !amendments.isEmpty {
            html("<section aria-labelledby=\"amendments\"><h2 id=\"amendments\">\(l("decisions.amendments"))</h2><ul>")
            for amendment in amendments {
                html("<li><strong>\(amendment.state)</strong>: <span class=\"decision-text\">\(amendment.text)</span>")
                if let rationale = amendment.rationale { html(" <span class=\"muted\">(\(rationale))</span>") }
                if let folded = amendment.folded { html(" · \(folded)") }
                html("</li>")
            }
            html("</ul></section>\n")
        }
        if canAnswer { writeAnswerForms(&html, chrome) }
        if let whyNoPosition {
            html("<section aria-labelledby=\"answer\"><h2 id=\"answer\">\(l("decisions.answer"))</h2><p class=\"hint\">\(whyNoPosition)</p></section>\n")
        }
        if canConduct { writeConductForms(&html, chrome) }
        html("<section aria-labelledby=\"timeline\"><h2 id=\"timeline\">\(l("decisions.timeline"))</h2>\n<ol class=\"timeline\">")
        for event in timeline {
            html("<li><span class=\"muted\">#\(event.sequence)</span> <strong>\(event.kind)</strong>: \(event.summary) <code class=\"muted\">\(event.hash)…</code></li>")
        }
        html("</ol>\n</section>\n<section aria-labelledby=\"record\"><h2 id=\"record\">\(l("decisions.record"))</h2>\n")
        if recordVerifies {
            html("<p class=\"notice\">\(l("decisions.recordVerifies"))</p>")
        } else {
            html("<p class=\"error\" role=\"alert\">\(l("decisions.recordFails")) \(recordProblem)</p>")
        }
        html("""

            <p><a href="\(recordURL)" download>\(l("decisions.download"))</a> · <code>cica verify --file record.json</code></p>

            """)
        html.akomaNtoso(akomaNtoso, l)
        html("""
            <h3>\(l("decisions.versions"))</h3><ul>
            """)
        for version in versions { html("<li>\(l("decisions.version")) \(version.number) · \(version.date) · <code>\(version.hash)…</code></li>") }
        html("</ul>\n</section>\n")
        html.countdownScript(l)
    }

    /// A delegate's forms: the position of their state, and an amendment.
    private func writeAnswerForms(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("""
            <section aria-labelledby="answer"><h2 id="answer">\(l("decisions.answer"))</h2>
            <form method="post" action="\(SiteURL.decisionStep(id, .positions))" class="stacked">
            \(trusted: chrome.csrfField)<input type="hidden" name="version" value="\(currentVersion)">
            <label for="position-state">\(l("decisions.state"))</label><select id="position-state" name="state">
            """)
        html.options(myStates)
        html("</select>\n<fieldset><legend>\(l("decisions.position")) (\(l("decisions.version")) \(currentVersion))</legend>\n")
        for choice in positionChoices {
            html("<label><input type=\"radio\" name=\"position\" value=\"\(choice.value)\"\(attribute: "checked", when: choice.selected)> \(choice.label)</label>\n")
        }
        html("</fieldset>\n<label for=\"statement-kind\">\(l("decisions.statementKind"))</label>\n<select id=\"statement-kind\" name=\"statementKind\">")
        html.options(statementKinds)
        html("""
            </select>
            <label for="statement">\(l("decisions.statement"))</label><textarea id="statement" name="statement" rows="3">\(statement)</textarea>
            <label for="reason">\(l("decisions.reason"))</label><textarea id="reason" name="reason" rows="3" aria-describedby="reason-hint">\(reason)</textarea>
            <p id="reason-hint" class="hint">\(l("decisions.reasonHint"))</p>
            <p><button type="submit">\(l("decisions.submitPosition"))</button></p>
            </form>
            <form method="post" action="\(SiteURL.decisionStep(id, .amendments))" class="stacked">
            \(trusted: chrome.csrfField)<input type="hidden" name="version" value="\(currentVersion)">
            <label for="amendment-state">\(l("decisions.state"))</label><select id="amendment-state" name="state">
            """)
        html.options(myStates)
        html("""
            </select>
            <label for="amendment-text">\(l("decisions.amendmentText"))</label><textarea id="amendment-text" name="text" rows="4" required>\(amendmentText)</textarea>
            <label for="amendment-rationale">\(l("decisions.rationale"))</label><input id="amendment-rationale" name="rationale" value="\(amendmentRationale)">
            <p><button type="submit">\(l("decisions.propose"))</button></p>
            </form>
            </section>

            """)
    }

    /// The Secretariat's forms: table, circulate, close, withdraw, revise.
    private func writeConductForms(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<section aria-labelledby=\"conduct\"><h2 id=\"conduct\">\(l("decisions.conduct"))</h2>\n")
        func button(_ form: SiteURL.DecisionForm, _ label: String) {
            html("<form method=\"post\" action=\"\(SiteURL.decisionStep(id, form))\" class=\"inline\">\(trusted: chrome.csrfField)<button type=\"submit\">\(label)</button></form>")
        }
        if canTable { button(.table, l("decisions.table")) }
        if canCirculate {
            html("""
                <form method="post" action="\(SiteURL.decisionStep(id, .circulate))" class="filters">\(trusted: chrome.csrfField)
                <label for="deadline">\(l("decisions.deadlineUTC"))</label><input id="deadline" name="deadline" type="datetime-local" value="\(defaultDeadline)" required>
                <button type="submit">\(l("decisions.circulate"))</button></form>
                """)
        }
        if canClose { button(.close, l("decisions.close")) }
        if canWithdraw { button(.withdraw, l("decisions.withdraw")) }
        if canRevise {
            html("""
                <form method="post" action="\(SiteURL.decisionStep(id, .versions))" class="stacked">\(trusted: chrome.csrfField)
                <label for="revised-text">\(l("decisions.revise"))</label><textarea id="revised-text" name="text" rows="8" required>\(revisedText)</textarea>

                """)
            html.translationFields(revisedTranslations, prefix: "revised-text", rows: 8)
            for amendment in amendments where amendment.foldable {
                html("<label><input type=\"checkbox\" name=\"fold\" value=\"\(amendment.id)\"\(attribute: "checked", when: amendment.chosen)> \(l("decisions.fold")): \(amendment.state)</label>")
            }
            html("\n<p><button type=\"submit\">\(l("decisions.saveVersion"))</button></p></form>")
        }
        html("\n</section>\n")
    }
}

extension DecisionView {
    /// Every Member State's position on the current version.
    func writeMatrix(_ html: inout HTML, _ l: Localizer) {
        html("""
            <section aria-labelledby="matrix"><h2 id="matrix">\(l("decisions.positions"))</h2>
            <p>\(tally)</p>
            <table class="matrix"><thead><tr><th scope="col">\(l("decisions.state"))</th><th scope="col">\(l("decisions.position"))</th><th scope="col">\(l("decisions.detail"))</th></tr></thead><tbody>

            """)
        let signedLabel = l("decisions.signed")
        for row in matrix {
            html("<tr><th scope=\"row\">\(row.name)</th><td><span class=\"position \(row.position)\">\(row.positionLabel)</span>")
            if row.signed { html(" <span class=\"badge\">\(signedLabel)</span>") }
            if let speaker = row.speaker { html("<br><span class=\"muted\">\(speaker)</span>") }
            html("</td><td>\(row.detail)</td></tr>\n")
        }
        html("</tbody></table>\n</section>\n")
    }
}

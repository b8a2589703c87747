"""Grade mode: rubrics, submissions, batch grading in the background, review and export.

A Qt face over the Qt-free `app.core.grading`; `install.install_grade_mode(window)`
adds it to the main window.
"""

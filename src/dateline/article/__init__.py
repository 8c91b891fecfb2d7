"""dateline.article"""

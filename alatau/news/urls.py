from django.urls import path

from alatau.news import views
from alatau.news.feeds import LatestNewsFeed

app_name = "news"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("archive/", views.article_archive, name="archive"),
    path("tag/<str:tag>/", views.tag_list, name="tag"),  # any word: "cluster montagne", "жарыс"
    path("feed/", LatestNewsFeed(), name="feed"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/<int:pk>/", views.comment_moderate, name="comment-moderate"),
    path("editor/", views.editor_list, name="editor"),
    path("editor/new/", views.article_create, name="article-create"),
    path("editor/<int:pk>/", views.article_edit, name="article-edit"),
    path("editor/<int:pk>/status/", views.article_status, name="article-status"),
    path("editor/<int:pk>/comments/", views.article_comments, name="article-comments"),
    path("<slug:slug>/", views.article_detail, name="article"),
]
